package io.edgeprov.gateway.app.cli;

import io.edgeprov.gateway.app.CaKeyStores;
import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.DeviceCertificateProfile;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.IssuedCertificate;
import io.edgeprov.pki.keys.CaKeyStore;
import java.io.ByteArrayInputStream;
import java.io.Console;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code operator add --issue}: a new EC P-256 key and a client certificate from the gateway CA, written as a
 * PKCS#12 file (owner-only) protected by a password the person types without echo (twice) or keeps in a file.
 * The password and the key never reach the output, a log or the registry: the registry keeps the certificate's
 * SHA-256 only (docs/decisions/0031).
 */
final class OperatorCredentials {
    static final int MIN_PASSWORD = 8;

    private OperatorCredentials() {
    }

    static Sha256Digest issue(CommandSpec spec, GatewayConfig config, String name, Path p12, Path passwordFile, int validDays)
            throws Exception {
        if (validDays < 1 || validDays > 398) {
            throw new ParameterException(spec.commandLine(), "--valid-days: 1 to 398");
        }
        if (Files.exists(p12)) {
            throw new ParameterException(spec.commandLine(), "--issue: " + p12 + " exists; choose a new file");
        }
        char[] password = password(spec, passwordFile);
        try (CaKeyStore keyStore = CaKeyStores.open(config.caKey(), System::getenv)) {
            SecureRandom random = new SecureRandom();
            CertificateAuthority authority = CertificateAuthority.builder().keyStore(keyStore)
                    .profile(DeviceCertificateProfile.defaults(new FleetNaming(config.fleet().organization(),
                            config.fleet().trustDomain()), URI.create("http://localhost/crl")))
                    .clock(Clock.systemUTC()).random(random).build();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();
            IssuedCertificate issued = authority.issueOperator(name, keys.getPublic(), Duration.ofDays(validDays));
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate certificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(issued.der()));
            List<X509Certificate> chain = keyStore.certificateChain();
            Certificate[] full = new Certificate[1 + chain.size()];
            full[0] = certificate;
            for (int i = 0; i < chain.size(); i++) {
                full[i + 1] = chain.get(i);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(name, keys.getPrivate(), password, full);
            write(p12, store, password);
            return Sha256Digest.of(issued.der());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] password(CommandSpec spec, Path passwordFile) throws IOException {
        char[] password;
        if (passwordFile != null) {
            if (!Files.isRegularFile(passwordFile)) {
                throw new ParameterException(spec.commandLine(), "--password-file: no file at " + passwordFile);
            }
            String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            password = (end < 0 ? text : text.substring(0, end)).replace("\r", "").toCharArray();
        } else {
            Console console = System.console();
            if (console == null) {
                throw new ParameterException(spec.commandLine(), "--issue needs a terminal to read the password without"
                        + " echo, or --password-file");
            }
            password = console.readPassword("Password for the PKCS#12 file: ");
            char[] again = console.readPassword("Again: ");
            if (password == null || again == null || !Arrays.equals(password, again)) {
                throw new ParameterException(spec.commandLine(), "the two passwords differ");
            }
            Arrays.fill(again, '\0');
        }
        if (password.length < MIN_PASSWORD) {
            Arrays.fill(password, '\0');
            throw new ParameterException(spec.commandLine(), "the PKCS#12 password needs at least " + MIN_PASSWORD
                    + " characters");
        }
        return password;
    }

    /** Written to a temporary owner-only file, then moved into place, so no reader ever sees a partial key file. */
    private static void write(Path p12, KeyStore store, char[] password) throws Exception {
        Path folder = p12.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, ".operator", ".p12.tmp");
        try {
            try {
                Files.setPosixFilePermissions(temp, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's ACL applies.
            }
            try (OutputStream out = Files.newOutputStream(temp)) {
                store.store(out, password);
            }
            Files.move(temp, p12, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
