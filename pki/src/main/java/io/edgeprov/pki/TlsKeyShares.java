package io.edgeprov.pki;

/**
 * Puts P-256 first among the TLS key-exchange groups of this JVM (docs/decisions/0037): the native curve
 * provider (decision 0013) does P-256 ECDH in AWS-LC, but has no X25519, so with the JDK's default order
 * (X25519 first; on JDK 24+ the hybrid X25519MLKEM768 first) every handshake's key exchange ran in pure
 * Java. JSSE reads {@code jdk.tls.namedGroups} once, when its TLS classes initialize, and the embedded
 * broker builds its engines without a hook for {@code SSLParameters.setNamedGroups} (JDK 20+ only
 * anyway), so it is set process-wide, before the first handshake, and only when the operator has not set
 * it. X25519 and the others stay enabled: a device that offers only X25519 still connects.
 */
public final class TlsKeyShares {
    /** The JSSE property. */
    public static final String PROPERTY = "jdk.tls.namedGroups";
    /** Set to {@code false} to keep the JDK's own order. */
    public static final String SWITCH = "edgeprov.tls.preferP256";
    /** P-256 first, then the JDK 17 defaults in their order. */
    public static final String P256_FIRST = "secp256r1,x25519,secp384r1,secp521r1,x448,ffdhe2048,ffdhe3072,ffdhe4096";

    private TlsKeyShares() {
    }

    /** Sets the order unless the property or {@link #SWITCH}{@code =false} says otherwise; returns what is in force. */
    public static String preferP256() {
        synchronized (System.getProperties()) {
            String present = System.getProperty(PROPERTY);
            if (present != null || "false".equalsIgnoreCase(System.getProperty(SWITCH))) {
                return present == null ? "JDK default" : present;
            }
            System.setProperty(PROPERTY, P256_FIRST);
            return P256_FIRST;
        }
    }
}
