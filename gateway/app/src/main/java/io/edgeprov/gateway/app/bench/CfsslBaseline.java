package io.edgeprov.gateway.app.bench;

import io.edgeprov.pki.KeyAlgorithm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The peer a user might pick instead: Cloudflare's {@code cfssl serve} signing CSRs over HTTP on
 * loopback, with a P-256 CA made for this run, driven by {@code threads} clients. A missing cfssl is
 * reported, not fatal: the rest of the benchmark still means something without it.
 */
final class CfsslBaseline {
    /** How a cfssl run ended: a rate, or why there is none (with the fix when the tool is missing). */
    record Outcome(Optional<Double> signPerSecond, long signed, long failed, String note) {
        Outcome {
            java.util.Objects.requireNonNull(signPerSecond, "signPerSecond");
            java.util.Objects.requireNonNull(note, "note");
        }
    }

    private static final Duration START_WAIT = Duration.ofSeconds(20);
    private static final int CSR_POOL = 256;

    private final String command;
    private final Provider provider;
    private final SecureRandom random;

    CfsslBaseline(String command, Provider provider, SecureRandom random) {
        this.command = command;
        this.provider = provider;
        this.random = random;
    }

    Outcome measure(Path folder, int threads, int seconds) throws Exception {
        Files.createDirectories(folder);
        Path caCert = folder.resolve("ca.pem");
        Path caKey = folder.resolve("ca-key.pem");
        writeCa(caCert, caKey);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process process;
        try {
            process = new ProcessBuilder(command, "serve", "-address", "127.0.0.1", "-port", String.valueOf(port),
                    "-ca", caCert.toString(), "-ca-key", caKey.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Outcome(Optional.empty(), 0, 0, "cfssl not found ('" + command + "'); install it with"
                    + " `apt-get install -y golang-cfssl` (Debian) to get cfssl_sign_per_s");
        }
        try {
            CountDownLatch listening = new CountDownLatch(1);
            StringWriter output = new StringWriter();
            Thread reader = new Thread(() -> watch(process, listening, output), "cfssl-output");
            reader.setDaemon(true);
            reader.start();
            if (!listening.await(START_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Outcome(Optional.empty(), 0, 0, "cfssl serve did not report listening within "
                        + START_WAIT.toSeconds() + " s; its output: " + tail(output.toString()));
            }
            return drive(URI.create("http://127.0.0.1:" + port + "/api/v1/cfssl/sign"), threads, seconds);
        } finally {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private Outcome drive(URI sign, int threads, int seconds) throws Exception {
        List<byte[]> bodies = new ArrayList<>(CSR_POOL);
        for (int i = 0; i < CSR_POOL; i++) {
            bodies.add(("{\"certificate_request\":\"" + csrPem(i).replace("\n", "\\n") + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong signed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "cfssl-client");
            thread.setDaemon(true);
            return thread;
        });
        try {
            // an equal warm-up first: cfssl is compiled, but the JDK's HTTP client is not
            runFor(pool, client, sign, bodies, threads, seconds, new AtomicLong(), new AtomicLong());
            long start = System.nanoTime();
            runFor(pool, client, sign, bodies, threads, seconds, signed, failed);
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (signed.get() == 0) {
                return new Outcome(Optional.empty(), 0, failed.get(), "cfssl signed nothing (" + failed.get() + " failed requests)");
            }
            return new Outcome(Optional.of(signed.get() / elapsed), signed.get(), failed.get(),
                    "cfssl serve, " + threads + " HTTP clients");
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void runFor(ExecutorService pool, HttpClient client, URI sign, List<byte[]> bodies, int threads, int seconds,
            AtomicLong signed, AtomicLong failed) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            clients.add(pool.submit(() -> {
                int next = first;
                while (System.nanoTime() < end) {
                    HttpRequest request = HttpRequest.newBuilder(sign).timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(next++ % bodies.size()))).build();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200 && response.body().contains("\"success\":true")) {
                            signed.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }));
        }
        for (Future<?> running : clients) {
            running.get(seconds + 30L, TimeUnit.SECONDS);
        }
    }

    private static void watch(Process process, CountDownLatch listening, StringWriter output) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (listening.getCount() > 0) {
                    output.append(line).append('\n');
                }
                if (line.contains("Now listening")) {
                    listening.countDown();
                }
            }
        } catch (IOException e) {
            output.append("(output closed: ").append(e.getClass().getSimpleName()).append(")\n");
        }
    }

    private void writeCa(Path certFile, Path keyFile) throws Exception {
        KeyPair ca = KeyAlgorithm.EC_P256.generate(provider, random);
        X500Name name = new X500Name("CN=cfssl bench CA");
        Instant now = Instant.now();
        var certificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().setProvider(provider).getCertificate(
                new JcaX509v3CertificateBuilder(name, new BigInteger(64, random).setBit(63), Date.from(now.minusSeconds(60)),
                        Date.from(now.plus(Duration.ofDays(2))), name, ca.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(provider).build(ca.getPrivate())));
        Files.writeString(certFile, pem(certificate));
        Files.writeString(keyFile, pem(ca.getPrivate()));
    }

    private String csrPem(int index) throws Exception {
        KeyPair device = KeyAlgorithm.EC_P256.generate(provider, random);
        return pem(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=bench-device-" + index), device.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(provider).build(device.getPrivate())));
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static String tail(String text) {
        return text.length() <= 600 ? text : text.substring(text.length() - 600);
    }
}
