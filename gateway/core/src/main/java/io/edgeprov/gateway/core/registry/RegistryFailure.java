package io.edgeprov.gateway.core.registry;

/** Why a registry operation failed; the one failure-cause enum of the registry boundary. */
public enum RegistryFailure {
    /** A certificate with this serial number was already recorded; serials are never reused. */
    SERIAL_ALREADY_USED,
    /** An enrollment with this id, device id or EK hash already exists. */
    ENROLLMENT_EXISTS,
    /** A challenge with this id already exists. */
    CHALLENGE_EXISTS,
    /** The row to change does not exist (enrollment, certificate). */
    NOT_FOUND,
    /** The row refers to a device the registry does not know. */
    DEVICE_UNKNOWN,
    /** The certificate is already revoked; revocation is recorded once. */
    ALREADY_REVOKED,
    /** The device is revoked: nothing may be issued for it any more. */
    DEVICE_REVOKED,
    /** The device is disabled: nothing may be issued for it until it is enabled. */
    DEVICE_DISABLED,
    /** The device is not active (pending, never attested): a renewal needs an active device. */
    DEVICE_NOT_ACTIVE,
    /** The device holds no unrevoked, unexpired certificate: the revocation would revoke nothing. */
    NOTHING_TO_REVOKE,
    /** The device holds no certificate on hold (revoked for certificateHold and unexpired): nothing to release. */
    NOT_ON_HOLD,
    /** An operator with this name or certificate is already registered. */
    OPERATOR_EXISTS,
    /** An event with this id is already on record. */
    EVENT_EXISTS,
    /** An audit prune was refused: the entries are not stored, include the head, or are not the ones exported. */
    AUDIT_PRUNE_REFUSED,
    /** The registry is closed or closing and accepts no more writes. */
    CLOSED,
    /** The database was written by a newer gateway whose schema this code does not understand. */
    SCHEMA_NEWER_THAN_CODE,
    /** A schema migration could not be read or applied, or an applied one was altered. */
    MIGRATION_FAILED,
    /** The storage layer failed (I/O, corruption, lock timeout). */
    STORAGE_ERROR
}
