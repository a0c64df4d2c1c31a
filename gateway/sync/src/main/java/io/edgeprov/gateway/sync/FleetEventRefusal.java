package io.edgeprov.gateway.sync;

/** Why an upstream page or event was refused; each is audited under its name. */
public enum FleetEventRefusal {
    /** Not a page: bad JSON, a missing or malformed field, out of bounds. */
    MALFORMED,
    /** The signature does not verify with the key of the certificate the page carries. */
    BAD_SIGNATURE,
    /** The certificate does not chain to the fleet root, has expired, or is not a gateway identity. */
    UNTRUSTED_CHAIN,
    /** The page claims an origin other than the gateway its certificate names. */
    UNKNOWN_ORIGIN,
    /** An event names a device outside the authority the origin's certificate grants. */
    OUTSIDE_AUTHORITY,
    /** An event reuses a recorded id or origin sequence number with other content. */
    CONFLICTING_REPLAY
}
