package io.edgeprov.pki.keys;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Security;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.operator.ContentSigner;

/**
 * Not a test: a command-line benchmark of CA signatures per second on one thread, for the figures
 * in the key store documentation. Run it from the pki module after {@code mvn verify}:
 *
 * <pre>
 * SOFTHSM2_CONF=target/softhsm2-it/softhsm2.conf java -cp target/classes:target/test-classes:BC_JARS \
 *     io.edgeprov.pki.keys.CaSigningBenchmark [seconds]
 * </pre>
 */
public final class CaSigningBenchmark {
    private CaSigningBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        TestCa testCa = new TestCa();
        TestCa.Ca ca = testCa.selfSignedRoot("Bench CA");
        byte[] tbs = new byte[420]; // About the size of a device certificate's to-be-signed part.

        Path dir = Files.createTempDirectory("ca-bench");
        try {
            Path p12 = dir.resolve("ca.p12");
            PassphraseSource passphrase = PassphraseSource.ofChars("bench-passphrase".toCharArray());
            Pkcs12CaKeyStore.write(p12, ca.privateKey(), ca.chain(), passphrase,
                    Pkcs12WriteOptions.defaults().withKeyIterations(Pkcs12WriteOptions.MIN_ITERATIONS), testCa.bc);
            try (Pkcs12CaKeyStore store = Pkcs12CaKeyStore.load(p12, passphrase, Optional.empty(), testCa.bc)) {
                report(out, "PKCS#12 store (BouncyCastle KeyFactory key)", measure(store, tbs, seconds));
            }

            KeyPair sunKeys = testCa.newP256KeyPair(Security.getProvider("SunEC"));
            List<java.security.cert.X509Certificate> sunChain = List.of(TestCa.certificate("Bench CA", "Bench CA",
                    sunKeys.getPublic(), testCa.signerFor(new TestCa().newP256KeyPair(testCa.bc).getPrivate())));
            try (SoftwareCaKeyStore store = new SoftwareCaKeyStore(sunKeys.getPrivate(), sunChain, testCa.bc)) {
                report(out, "SunEC key object, signed by BouncyCastle", measure(store, tbs, seconds));
            }

            SoftHsmToken token = SoftHsmToken.create();
            try (Pkcs11CaKeyStore store = Pkcs11CaKeyStore.generate(token.config("bench"), token.pin(),
                    (publicKey, signer) -> List.of(TestCa.certificate("Bench HSM CA", "Bench HSM CA", publicKey, signer)))) {
                report(out, "PKCS#11 store on SoftHSM2", measure(store, tbs, seconds));
            } finally {
                token.delete();
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    /** Signatures per wall-clock second and per second of this thread's CPU time. */
    private record Rate(double perWallSecond, double perCpuSecond) {
    }

    /** A warm-up of a third of the time, then the measured run. */
    private static Rate measure(CaKeyStore store, byte[] tbs, double seconds) throws Exception {
        run(store, tbs, seconds / 3);
        return run(store, tbs, seconds);
    }

    /**
     * Signs for {@code seconds}. CPU time is reported too: on a machine shared with other builds
     * it is the steadier figure (SoftHSM2 signs inside this thread, so it is counted as well).
     */
    private static Rate run(CaKeyStore store, byte[] tbs, double seconds) throws CaKeyStoreException, IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long count = 0;
        while (System.nanoTime() < deadline) {
            ContentSigner signer = store.newSigner();
            try (OutputStream stream = signer.getOutputStream()) {
                stream.write(tbs);
            }
            signer.getSignature();
            count++;
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        return new Rate(count / wall, count / cpu);
    }

    private static void report(PrintStream out, String what, Rate rate) {
        out.println(String.format(Locale.ROOT, "%-45s %8.0f signatures/s wall, %8.0f per CPU second",
                what, rate.perWallSecond(), rate.perCpuSecond()));
    }
}
