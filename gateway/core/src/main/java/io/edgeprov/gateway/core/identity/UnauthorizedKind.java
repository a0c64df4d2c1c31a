package io.edgeprov.gateway.core.identity;

/**
 * What a refused client tried, as counted in {@code edgeprov_unauthorized_attempts_total{kind}}. A
 * fixed set decided by the gateway, never text a client sent, so each value is safe as a metric label.
 */
public enum UnauthorizedKind {
    /** CONNECT refused: {@link ConnectRefusal#CLIENT_ID_INVALID}. */
    CONNECT_CLIENT_ID_INVALID,
    /** CONNECT refused: {@link ConnectRefusal#CLIENT_ID_IN_USE}. */
    CONNECT_CLIENT_ID_IN_USE,
    /** CONNECT refused: {@link ConnectRefusal#UNENROLLED_CONNECTIONS_EXCEEDED}. */
    CONNECT_UNENROLLED_CONNECTIONS_EXCEEDED,
    /** CONNECT refused: {@link ConnectRefusal#CLIENT_ID_MISMATCH}. */
    CONNECT_CLIENT_ID_MISMATCH,
    /** CONNECT refused: {@link ConnectRefusal#CERTIFICATE_UNTRUSTED}. */
    CONNECT_CERTIFICATE_UNTRUSTED,
    /** CONNECT refused: {@link ConnectRefusal#CERTIFICATE_EXPIRED}. */
    CONNECT_CERTIFICATE_EXPIRED,
    /** CONNECT refused: {@link ConnectRefusal#CERTIFICATE_NOT_YET_VALID}. */
    CONNECT_CERTIFICATE_NOT_YET_VALID,
    /** CONNECT refused: {@link ConnectRefusal#CERTIFICATE_REVOKED}. */
    CONNECT_CERTIFICATE_REVOKED,
    /** CONNECT refused: {@link ConnectRefusal#CERTIFICATE_UNRECORDED}. */
    CONNECT_CERTIFICATE_UNRECORDED,
    /** CONNECT refused: {@link ConnectRefusal#CERTIFICATE_NO_DEVICE_NAME}. */
    CONNECT_CERTIFICATE_NO_DEVICE_NAME,
    /** CONNECT refused: {@link ConnectRefusal#CERTIFICATE_NOT_CLIENT_AUTH}. */
    CONNECT_CERTIFICATE_NOT_CLIENT_AUTH,
    /** CONNECT refused: {@link ConnectRefusal#REVOCATION_UNKNOWN}; the gateway's fault, refused to be safe. */
    CONNECT_REVOCATION_UNKNOWN,
    /** A PUBLISH to a topic the client's identity may not publish to (another device's, a reply topic...). */
    PUBLISH_NOT_PERMITTED,
    /** A SUBSCRIBE to a filter the client's identity may not read (another device's topics, {@code #}...). */
    SUBSCRIBE_NOT_PERMITTED,
    /**
     * A TLS handshake refused because the client's certificate does not chain to the gateway CA (the TLS
     * layer refuses it before any CONNECT, so the front end learns of it from the TLS layer's report).
     */
    TLS_CERTIFICATE_UNTRUSTED,
    /** A TLS handshake refused because the client's certificate (or its chain) is outside its validity. */
    TLS_CERTIFICATE_EXPIRED,
    /** A TLS handshake that failed for another reason (no shared protocol or suite, not TLS at all...). */
    TLS_HANDSHAKE_FAILED,
    /** A request refused because its source address asked too often ({@link SourceAdmission}). */
    SOURCE_RATE_LIMITED,
    /** External mode: a request under the gateway's own service id, which no device may use. */
    REQUEST_UNDER_GATEWAY_ID,
    /** External mode: a request on a topic whose device segment is not a valid, unreserved device id. */
    REQUEST_INVALID_DEVICE_ID;

    /** The kind of a refused CONNECT; every refusal cause has its own. */
    public static UnauthorizedKind of(ConnectRefusal refusal) {
        return switch (refusal) {
            case CLIENT_ID_INVALID -> CONNECT_CLIENT_ID_INVALID;
            case CLIENT_ID_IN_USE -> CONNECT_CLIENT_ID_IN_USE;
            case UNENROLLED_CONNECTIONS_EXCEEDED -> CONNECT_UNENROLLED_CONNECTIONS_EXCEEDED;
            case CLIENT_ID_MISMATCH -> CONNECT_CLIENT_ID_MISMATCH;
            case CERTIFICATE_UNTRUSTED -> CONNECT_CERTIFICATE_UNTRUSTED;
            case CERTIFICATE_EXPIRED -> CONNECT_CERTIFICATE_EXPIRED;
            case CERTIFICATE_NOT_YET_VALID -> CONNECT_CERTIFICATE_NOT_YET_VALID;
            case CERTIFICATE_REVOKED -> CONNECT_CERTIFICATE_REVOKED;
            case CERTIFICATE_UNRECORDED -> CONNECT_CERTIFICATE_UNRECORDED;
            case CERTIFICATE_NO_DEVICE_NAME -> CONNECT_CERTIFICATE_NO_DEVICE_NAME;
            case CERTIFICATE_NOT_CLIENT_AUTH -> CONNECT_CERTIFICATE_NOT_CLIENT_AUTH;
            case REVOCATION_UNKNOWN -> CONNECT_REVOCATION_UNKNOWN;
        };
    }
}
