package io.edgeprov.pki;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A JCA provider that offers BouncyCastle's elliptic-curve arithmetic, and nothing else, ahead of
 * the JDK's SunEC: ECDSA signatures, EC and X25519/X448 key pairs, and ECDH/XDH key agreement.
 *
 * <p>Why: JSSE asks for its handshake crypto with {@code getInstance(algorithm)}, so TLS runs on
 * whichever provider comes first. On JDK 17, SunEC signs P-256 about 7 times slower than
 * BouncyCastle and verifies 5 times slower (PERFORMANCE.md), and a gateway spends most of its
 * handshake CPU there. Registering all of BouncyCastle first would also hand it AES-GCM, SHA-2,
 * key stores and SecureRandom, where the JDK's intrinsics are faster or the formats differ; this
 * provider takes only the curve arithmetic. Key factories stay with SunEC on purpose: BouncyCastle
 * turns a JDK {@code ECParameterSpec} into explicit curve parameters when it encodes the key,
 * which CSR checks (rightly) refuse; BouncyCastle's signatures and agreements accept SunEC keys.
 *
 * <p>A key BouncyCastle cannot read (a PKCS#11 token key, a key inside a TPM) makes its
 * {@code init} fail with InvalidKeyException, and JCA's delayed provider selection moves on to the
 * next provider, so hardware keys keep working.
 */
public final class EllipticCurveProvider extends Provider {
    private static final long serialVersionUID = 1L;
    /** The provider's name in {@link Security}. */
    public static final String NAME = "EdgeProvEC";
    private static final Set<String> TYPES = Set.of("Signature", "KeyPairGenerator", "KeyAgreement");
    private static final Set<String> CURVE_ALGORITHMS = Set.of("EC", "ECDH", "XDH", "X25519", "X448");

    private EllipticCurveProvider(Provider bouncyCastle) {
        super(NAME, "1.0", "BouncyCastle " + bouncyCastle.getVersionStr() + " elliptic curves ahead of SunEC");
        for (Service service : bouncyCastle.getServices()) {
            if (isCurveService(service)) {
                putService(new Delegate(this, service));
            }
        }
    }

    /** A provider with the curve services of {@code bouncyCastle}, not registered anywhere. */
    public static EllipticCurveProvider of(Provider bouncyCastle) {
        return new EllipticCurveProvider(bouncyCastle);
    }

    /**
     * Puts the provider first in {@link Security} unless it is there already. Process-wide by
     * nature (JSSE only looks there); safe from any thread, any number of times.
     */
    public static Provider installFirst() {
        synchronized (Security.class) {
            Provider present = Security.getProvider(NAME);
            if (present != null) {
                return present;
            }
            Provider provider = new EllipticCurveProvider(new BouncyCastleProvider());
            Security.insertProviderAt(provider, 1);
            return provider;
        }
    }

    static boolean isCurveService(Service service) {
        if (!TYPES.contains(service.getType())) {
            return false;
        }
        String algorithm = service.getAlgorithm().toUpperCase(Locale.ROOT);
        if (service.getType().equals("Signature")) {
            // ECDSA over SHA-2 only: the DER forms JSSE and X.509 use, not the plain/CVC variants
            return algorithm.matches("SHA(224|256|384|512)WITHECDSA") || algorithm.equals("NONEWITHECDSA");
        }
        return CURVE_ALGORITHMS.contains(algorithm);
    }

    /** Hands out BouncyCastle's implementation under this provider's name. */
    private static final class Delegate extends Service {
        private final Service target;

        Delegate(Provider owner, Service target) {
            super(owner, target.getType(), target.getAlgorithm(), target.getClassName(), List.of(), Map.of());
            this.target = target;
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            return target.newInstance(constructorParameter);
        }

        @Override
        public boolean supportsParameter(Object parameter) {
            return target.supportsParameter(parameter);
        }
    }
}
