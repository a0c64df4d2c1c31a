package io.edgeprov.pki.crl;

import io.edgeprov.pki.CaHierarchy;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.keys.SoftwareCaKeyStore;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;

/**
 * Not a test: a command-line benchmark of building and signing a large CRL, for the figures in
 * docs/decisions/0002. It splits the time into the part {@link CrlBuilder} spends encoding and the
 * part the CA key spends hashing and signing the same number of bytes, so a change to the encoder
 * can be judged against the floor it cannot go below. Run it from the pki module:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:BC_JARS io.edgeprov.pki.crl.CrlBuildBenchmark [entries] [runs]
 * </pre>
 */
public final class CrlBuildBenchmark {
    private CrlBuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        BouncyCastleProvider bc = new BouncyCastleProvider();
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        CaHierarchy hierarchy = new CaHierarchy(new FleetNaming("Bench", "bench.test"), bc, random, clock);
        var root = hierarchy.createFleetRoot(KeyAlgorithm.EC_P256, Duration.ofDays(30));
        SoftwareCaKeyStore ca = SoftwareCaKeyStore.fastest(root.keyPair().getPrivate(), List.of(root.certificate()), bc);
        CrlBuilder builder = new CrlBuilder(ca, clock);

        // One revocation per second over the last weeks, as a fleet revoked one device at a time would
        // leave them; every reason, mostly keyCompromise and cessationOfOperation.
        Instant start = clock.instant().minus(Duration.ofSeconds(size));
        List<RevokedCertificate> spread = new ArrayList<>(size);
        List<RevokedCertificate> oneInstant = new ArrayList<>(size);
        CrlReason[] reasons = CrlReason.values();
        for (int i = 0; i < size; i++) {
            BigInteger serial = new BigInteger(127, random).setBit(100);
            CrlReason reason = i % 3 == 0 ? reasons[i % reasons.length] : (i % 2 == 0 ? CrlReason.KEY_COMPROMISE
                    : CrlReason.CESSATION_OF_OPERATION);
            spread.add(new RevokedCertificate(serial, start.plusSeconds(i), reason));
            oneInstant.add(new RevokedCertificate(serial, start, reason));
        }

        System.out.printf("CRL of %,d entries, %d runs after 3 warm-ups (%s %s)%n", size, runs,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        int[] bytes = {0};
        report("build + sign, one revocation per second", measure(runs, () ->
                bytes[0] = builder.build(BigInteger.ONE, spread, Duration.ofHours(1)).der().length));
        report("build + sign, all revoked at one instant", measure(runs, () ->
                builder.build(BigInteger.ONE, oneInstant, Duration.ofHours(1))));
        List<RevokedCertificate> oneMore = new ArrayList<>(spread);
        report("the same plus one new entry (a single revocation)", measure(runs, () -> {
            oneMore.add(new RevokedCertificate(new BigInteger(127, random).setBit(100), clock.instant(),
                    CrlReason.KEY_COMPROMISE));
            builder.build(BigInteger.ONE, oneMore, Duration.ofHours(1));
        }));
        RevokedEntryEncoder encoder = new RevokedEntryEncoder(new byte[11][]);
        report("of which: writing the entries' DER (no reasons)", measure(runs, () -> {
            DerBuffer out = new DerBuffer(size * 44);
            for (RevokedCertificate entry : spread) {
                encoder.write(entry, out);
            }
        }));
        byte[] payload = new byte[bytes[0]];
        random.nextBytes(payload);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        report("floor: SHA-256 of as many bytes", measure(runs, () -> sha256.digest(payload)));
        report("floor: CA signature over as many bytes", measure(runs, () -> {
            ContentSigner signer = ca.newSigner();
            try (OutputStream out = signer.getOutputStream()) {
                out.write(payload);
            }
            signer.getSignature();
        }));
        System.out.printf("CRL size: %,d bytes%n", bytes[0]);
    }

    private static double[] measure(int runs, Step step) throws Exception {
        for (int i = 0; i < 3; i++) {
            step.run();
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long begin = System.nanoTime();
            step.run();
            millis[i] = (System.nanoTime() - begin) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static void report(String what, double[] millis) {
        System.out.printf("  %-52s median %7.1f ms   min %7.1f   max %7.1f%n", what, millis[millis.length / 2], millis[0],
                millis[millis.length - 1]);
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
