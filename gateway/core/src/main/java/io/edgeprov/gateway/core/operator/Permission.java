package io.edgeprov.gateway.core.operator;

/** What a person may do through the gateway's use cases; roles grant sets of these. */
public enum Permission {
    /** Read the fleet, certificates, enrollments and events. */
    VIEW,
    /** Allow devices to enroll (one, a group, a batch) and disable enrollments. */
    ONBOARD,
    /** Approve a device waiting in the pending queue. */
    APPROVE,
    /** Revoke devices. */
    REVOKE,
    /** Change enrollment and renewal policy. */
    POLICY,
    /** Read the audit trail and verify its chain. */
    AUDIT,
    /** Register and disable operators. */
    MANAGE_OPERATORS
}
