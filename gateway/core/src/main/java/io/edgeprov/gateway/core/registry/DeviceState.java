package io.edgeprov.gateway.core.registry;

/** Life-cycle state of a device in the registry. */
public enum DeviceState {
    /** Known (a challenge was issued or a technician listed it) but holds no certificate yet. */
    PENDING,
    /** Holds a valid certificate and may renew. */
    ACTIVE,
    /** Revoked by an operator; refused at connect. */
    REVOKED,
    /** Administratively disabled; refused until re-enabled. */
    DISABLED
}
