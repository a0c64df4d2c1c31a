package io.edgeprov.gateway.app.bench;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.KeyAgreement;

/**
 * The native floor of the P-256 operations the gateway performs, measured in the benchmark's own run:
 * {@code openssl speed} on one core, or, without openssl, the rates of the JCA provider the gateway uses
 * for its curves (ACCP where it loads, decision 0013).
 *
 * <p>What an attested enrollment costs the gateway in curve operations (counted in PERFORMANCE.md and
 * docs/decisions/0036): each TLS 1.3 handshake an ephemeral key (about a signature's cost) and an ECDH
 * and the server's CertificateVerify signature, and with a client certificate two verifications (its
 * CertificateVerify, its chain to the gateway CA); the attestation one MakeCredential (an ephemeral key
 * and an ECDH with the EK), the AK's signature check, the CSR's signature check and the certificate's
 * signature. A renewal on a live connection: the CSR check and the certificate's signature.
 */
final class CryptoFloor {
    private static final Pattern ECDSA = Pattern.compile("ecdsa \\(nistp256\\)\\s+\\S+s\\s+\\S+s\\s+([\\d.]+)\\s+([\\d.]+)");
    private static final Pattern ECDH = Pattern.compile("ecdh \\(nistp256\\)\\s+\\S+s\\s+([\\d.]+)");

    /** Rates per second on one core, and where they come from. */
    record Rates(double signPerS, double verifyPerS, double ecdhPerS, String source) {
        double signMs() {
            return 1e3 / signPerS;
        }

        double verifyMs() {
            return 1e3 / verifyPerS;
        }

        double ecdhMs() {
            return 1e3 / ecdhPerS;
        }

        /** A TLS 1.3 server handshake without a client certificate. */
        double handshakeMs() {
            return 2 * signMs() + ecdhMs();
        }

        /** The same with a client certificate to check. */
        double mutualHandshakeMs() {
            return handshakeMs() + 2 * verifyMs();
        }

        /**
         * An attested enrollment at the gateway with {@code handshakes} TLS handshakes (1: the attesting
         * connection is promoted; 2: the device reconnects with its certificate).
         */
        double enrollMs(double handshakes) {
            double tls = handshakes <= 1 ? handshakeMs() : handshakeMs() + (handshakes - 1) * mutualHandshakeMs();
            double attestation = signMs() + ecdhMs() + 2 * verifyMs() + signMs();
            return tls + attestation;
        }

        double renewMs() {
            return verifyMs() + signMs();
        }
    }

    private CryptoFloor() {
    }

    /** {@code openssl speed -seconds N ecdsap256 ecdhp256}; the provider's rates when openssl is not there. */
    static Rates measure(int seconds) throws Exception {
        Optional<Rates> openssl = openssl(seconds);
        return openssl.isPresent() ? openssl.get() : provider(seconds);
    }

    static Optional<Rates> openssl(int seconds) {
        try {
            Process speed = new ProcessBuilder("openssl", "speed", "-seconds", Integer.toString(seconds), "ecdsap256", "ecdhp256")
                    .redirectErrorStream(true).start();
            String output;
            try (InputStream in = speed.getInputStream()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                in.transferTo(bytes);
                output = bytes.toString(StandardCharsets.UTF_8);
            }
            if (!speed.waitFor(seconds * 4L + 30, TimeUnit.SECONDS) || speed.exitValue() != 0) {
                speed.destroyForcibly();
                return Optional.empty();
            }
            return parse(output);
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static Optional<Rates> parse(String output) {
        Matcher ecdsa = ECDSA.matcher(output);
        Matcher ecdh = ECDH.matcher(output);
        if (!ecdsa.find() || !ecdh.find()) {
            return Optional.empty();
        }
        return Optional.of(new Rates(Double.parseDouble(ecdsa.group(1)), Double.parseDouble(ecdsa.group(2)),
                Double.parseDouble(ecdh.group(1)), "openssl speed, one core"));
    }

    private static Rates provider(int seconds) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        KeyPair peer = generator.generateKeyPair();
        byte[] message = new byte[300];
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update(message);
        byte[] signature = signer.sign();
        double sign = rate(seconds, () -> {
            signer.update(message);
            signer.sign();
        });
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        double verify = rate(seconds, () -> {
            verifier.initVerify(pair.getPublic());
            verifier.update(message);
            verifier.verify(signature);
        });
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        double ecdh = rate(seconds, () -> {
            agreement.init(pair.getPrivate());
            agreement.doPhase(peer.getPublic(), true);
            agreement.generateSecret();
        });
        return new Rates(sign, verify, ecdh, "JCA " + signer.getProvider().getName() + ", one thread (no openssl)");
    }

    private interface Operation {
        void run() throws Exception;
    }

    private static double rate(int seconds, Operation operation) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            operation.run();
        }
        long start = System.nanoTime();
        end = start + seconds * 1_000_000_000L;
        long count = 0;
        long now;
        do {
            operation.run();
            count++;
            now = System.nanoTime();
        } while (now < end);
        return count / ((now - start) / 1e9);
    }
}
