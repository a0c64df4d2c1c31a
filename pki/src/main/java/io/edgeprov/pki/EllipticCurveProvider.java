package io.edgeprov.pki;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A JCA provider that offers fast elliptic-curve arithmetic, and nothing else, ahead of the JDK's
 * SunEC: ECDSA signatures, EC and X25519/X448 key pairs, and ECDH/XDH key agreement. Each service
 * comes from the first source that has it: the Amazon Corretto Crypto Provider (AWS-LC, native code)
 * when its library loads on this machine, then BouncyCastle (docs/decisions/0012 and 0013).
 *
 * <p>Why: JSSE asks for its handshake crypto with {@code getInstance(algorithm)}, so TLS runs on
 * whichever provider comes first. On JDK 17, SunEC signs P-256 about 7 times slower than
 * BouncyCastle and verifies 5 times slower (PERFORMANCE.md), and AWS-LC is 4 to 5 times faster than
 * BouncyCastle again; a gateway spends most of its handshake and issuance CPU there. Registering
 * either provider whole would also hand it AES-GCM, SHA-2, key stores and SecureRandom, where the
 * JDK's intrinsics are fast or the formats differ; this provider takes only the curve arithmetic.
 * Key factories stay with SunEC on purpose: BouncyCastle turns a JDK {@code ECParameterSpec} into
 * explicit curve parameters when it encodes the key, which CSR checks (rightly) refuse; both sources'
 * signatures and agreements accept SunEC keys.
 *
 * <p>A key a source cannot read (a PKCS#11 token key, a key inside a TPM) makes its {@code init}
 * fail with InvalidKeyException, and JCA's delayed provider selection moves on to the next
 * provider, so hardware keys keep working.
 */
public final class EllipticCurveProvider extends Provider {
    private static final long serialVersionUID = 1L;
    /** The provider's name in {@link Security}. */
    public static final String NAME = "EdgeProvEC";
    private static final Set<String> TYPES = Set.of("Signature", "KeyPairGenerator", "KeyAgreement");
    private static final Set<String> CURVE_ALGORITHMS = Set.of("EC", "ECDH", "XDH", "X25519", "X448");

    /** Setting this system property to {@code false} keeps the native provider out everywhere (BouncyCastle only). */
    public static final String NATIVE_PROPERTY = "edgeprov.crypto.native";
    private static final String NATIVE_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

    private final List<String> sources;

    private EllipticCurveProvider(List<Provider> sources) {
        super(NAME, "1.0", "elliptic curves ahead of SunEC from " + describe(sources));
        this.sources = sources.stream().map(EllipticCurveProvider::describe).toList();
        Set<String> taken = new HashSet<>();
        for (Provider source : sources) {
            for (Service service : source.getServices()) {
                if (isCurveService(service) && taken.add(service.getType() + "." + service.getAlgorithm().toUpperCase(Locale.ROOT))) {
                    putService(new Delegate(this, service));
                }
            }
        }
    }

    /** A provider with the curve services of {@code sources}, the first source's first; not registered anywhere. */
    public static EllipticCurveProvider of(Provider... sources) {
        if (sources.length == 0) {
            throw new IllegalArgumentException("at least one source provider is needed");
        }
        return new EllipticCurveProvider(List.of(sources));
    }

    /**
     * Puts the provider first in {@link Security} unless it is there already. Process-wide by
     * nature (JSSE only looks there); safe from any thread, any number of times.
     */
    public static Provider installFirst() {
        // Before any handshake of this JVM when called early (the gateway's start, the simulator's TLS):
        // the P-256 key share is the one the native curves speed up (decision 0037).
        TlsKeyShares.preferP256();
        synchronized (Security.class) {
            Provider present = Security.getProvider(NAME);
            if (present != null) {
                return present;
            }
            List<Provider> sources = new ArrayList<>(2);
            nativeCurves().ifPresent(sources::add);
            sources.add(new BouncyCastleProvider());
            Provider provider = new EllipticCurveProvider(sources);
            Security.insertProviderAt(provider, 1);
            return provider;
        }
    }

    /**
     * The Amazon Corretto Crypto Provider when it is on the class path and its native library
     * loaded and passed its self-tests here; empty otherwise (another CPU or libc, a build without
     * it, or {@value #NATIVE_PROPERTY}{@code =false}), and BouncyCastle does the work alone.
     */
    public static Optional<Provider> nativeCurves() {
        if ("false".equalsIgnoreCase(System.getProperty(NATIVE_PROPERTY))) {
            return Optional.empty();
        }
        try {
            Provider accp = (Provider) Class.forName(NATIVE_CLASS).getField("INSTANCE").get(null);
            accp.getClass().getMethod("assertHealthy").invoke(accp);
            return Optional.of(accp);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Where the services come from, first first: {@code ["AmazonCorrettoCryptoProvider 2.4.1", "BC 1.79"]}. */
    public List<String> sources() {
        return sources;
    }

    private static String describe(Provider source) {
        return source.getName() + " " + source.getVersionStr();
    }

    private static String describe(List<Provider> sources) {
        return String.join(", then ", sources.stream().map(EllipticCurveProvider::describe).toList());
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

    /** Hands out a source's implementation under this provider's name. */
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
