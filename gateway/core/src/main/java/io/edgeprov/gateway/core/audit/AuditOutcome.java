package io.edgeprov.gateway.core.audit;

/** How the audited action ended. */
public enum AuditOutcome {
    /** The action was carried out. */
    SUCCESS,
    /** The action was refused by policy or validation (wrong proof, unknown device, no role). */
    DENIED,
    /** The action failed for an internal reason (storage, CA key). */
    ERROR
}
