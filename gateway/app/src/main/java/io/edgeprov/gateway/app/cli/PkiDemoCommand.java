package io.edgeprov.gateway.app.cli;

import io.edgeprov.pki.CaHierarchy;
import io.edgeprov.pki.Certificates;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.CsrCheck;
import io.edgeprov.pki.CsrVerifier;
import io.edgeprov.pki.DeviceCertificateProfile;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.GeneratedCa;
import io.edgeprov.pki.IssuanceRequest;
import io.edgeprov.pki.IssuedCertificate;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.crl.CrlBuilder;
import io.edgeprov.pki.crl.CrlReason;
import io.edgeprov.pki.crl.RevokedCertificate;
import io.edgeprov.pki.crl.SignedCrl;
import io.edgeprov.pki.keys.PassphraseSource;
import io.edgeprov.pki.keys.Pkcs12CaKeyStore;
import io.edgeprov.pki.keys.SoftwareCaKeyStore;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Shows the certificate authority at work on loopback, with nothing to configure: a fleet root,
 * a gateway CA under it, a device that asks for a certificate with a CSR, and a CRL that revokes
 * it. Prints each step and leaves the public results as PEM files that openssl can check.
 */
@Command(name = "demo-pki", mixinStandardHelpOptions = true,
        description = "Create a fleet root and a gateway CA, issue a device certificate and revoke it, printing each step.")
public final class PkiDemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "edgeprov-demo", description = "Folder for the PEM files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--device", defaultValue = "sensor-0001", description = "Device id to enroll (default: ${DEFAULT-VALUE}).")
    String deviceId;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        BouncyCastleProvider provider = new BouncyCastleProvider();
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        FleetNaming naming = new FleetNaming("Demo Fleet", "fleet.demo.internal");
        Files.createDirectories(out);
        console.printf("Edge Provisioner demo: the certificate authority, step by step (files in %s)%n%n", out.toAbsolutePath());

        long start = System.nanoTime();
        CaHierarchy hierarchy = new CaHierarchy(naming, provider, random, clock);
        GeneratedCa root = hierarchy.createFleetRoot(KeyAlgorithm.EC_P384, Duration.ofDays(3650));
        SoftwareCaKeyStore rootStore = new SoftwareCaKeyStore(root.keyPair().getPrivate(), List.of(root.certificate()), provider);
        step(console, 1, "fleet root CA", root.certificate(), "EC P-384, 10 years; offline in production, held in memory here", start);

        start = System.nanoTime();
        KeyPair gatewayKey = hierarchy.generateGatewayKey(KeyAlgorithm.EC_P256);
        X509Certificate gatewayCert = hierarchy.signGatewayCa(rootStore, "gw-demo", gatewayKey.getPublic(), Duration.ofDays(365));
        // The gateway keeps its CA key in an encrypted PKCS#12 file whose passphrase sits in an
        // owner-only file, as a production gateway would; the demo reloads it from disk to sign.
        Path passphraseFile = out.resolve("gateway-ca.pass");
        Files.deleteIfExists(passphraseFile);
        Files.createFile(passphraseFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passphraseFile, HexFormat.of().formatHex(randomBytes(random)));
        Path keyFile = out.resolve("gateway-ca.p12");
        PassphraseSource passphrase = PassphraseSource.fromFile(passphraseFile);
        Pkcs12CaKeyStore.write(keyFile, gatewayKey.getPrivate(), List.of(gatewayCert, root.certificate()), passphrase);
        Pkcs12CaKeyStore gatewayStore = Pkcs12CaKeyStore.load(keyFile, passphrase);
        step(console, 2, "gateway CA", gatewayCert, "EC P-256, path length 0, constrained to O=" + naming.organization()
                + " and URIs under " + naming.trustDomain() + ";\n      key written to " + keyFile
                + " (AES-256, PBKDF2-SHA256) and loaded back, passphrase in " + passphraseFile + " (mode 600)", start);

        start = System.nanoTime();
        KeyPair deviceKey = KeyAlgorithm.EC_P256.generate(provider, random);
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=anything the device asks for"), deviceKey.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(provider).build(deviceKey.getPrivate()))
                .getEncoded();
        console.printf("[3/6] device %s made an EC P-256 key and a %d-byte CSR (%s)%n", deviceId, csr.length, millis(start));

        start = System.nanoTime();
        URI crlUrl = URI.create("http://gw-demo." + naming.trustDomain() + "/crl/gw-demo.crl");
        DeviceCertificateProfile profile = DeviceCertificateProfile.defaults(naming, crlUrl);
        CsrCheck check = new CsrVerifier(profile.allowedKeys(), provider).check(csr);
        if (!(check instanceof CsrCheck.Accepted accepted)) {
            throw new IllegalStateException("the demo CSR was refused: " + ((CsrCheck.Refused) check).detail());
        }
        CertificateAuthority authority = CertificateAuthority.builder()
                .keyStore(gatewayStore).profile(profile).clock(clock).random(random).build();
        IssuedCertificate issued = authority.issue(IssuanceRequest.of(deviceId, accepted.publicKey()));
        X509Certificate leaf = issued.toX509();
        console.printf("[4/6] CSR checked (signature valid, %s allowed; asked-for subject ignored), certificate issued (%s)%n",
                accepted.keyAlgorithm().configName(), millis(start));
        console.printf("      subject   %s%n      SAN       %s%n      serial    %s (%d bits, random)%n"
                        + "      valid     %s .. %s (renew after %s)%n      EKU       clientAuth; CRL at %s%n",
                leaf.getSubjectX500Principal().getName(), leaf.getSubjectAlternativeNames().iterator().next().get(1),
                issued.serialHex(), issued.serial().bitLength(), issued.notBefore(), issued.notAfter(), issued.renewAfter(), crlUrl);

        start = System.nanoTime();
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root.certificate(), null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf, gatewayCert)), params);
        console.printf("[5/6] the JDK's PKIX validator accepts device -> gateway CA -> fleet root (%s)%n", millis(start));

        start = System.nanoTime();
        SignedCrl crl = new CrlBuilder(gatewayStore, clock).build(BigInteger.ONE,
                List.of(new RevokedCertificate(issued.serial(), clock.instant(), CrlReason.KEY_COMPROMISE)), Duration.ofHours(1));
        X509CRL parsed = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(crl.der()));
        parsed.verify(gatewayCert.getPublicKey());
        console.printf("[6/6] operator revoked %s (keyCompromise): CRL #%s signed, %d entry, next update %s; the device is %s (%s)%n",
                deviceId, crl.number(), crl.entries(), crl.nextUpdate(),
                parsed.isRevoked(leaf) ? "on it" : "NOT on it", millis(start));

        Path rootPem = Files.writeString(out.resolve("fleet-root.pem"), Certificates.toPem(root.certificate()));
        Path gatewayPem = Files.writeString(out.resolve("gateway-ca.pem"), Certificates.toPem(gatewayCert));
        Path leafPem = Files.writeString(out.resolve(deviceId + ".pem"), Certificates.toPem(leaf));
        Path crlPem = Files.writeString(out.resolve("gateway.crl.pem"), Certificates.pem("X509 CRL", crl.der()));
        console.printf("%nFiles written (the fleet root key stayed in memory; the gateway CA key is only in the encrypted file):%n  %s%n  %s%n  %s%n  %s%n",
                rootPem, gatewayPem, leafPem, crlPem);
        console.printf("Check them with openssl:%n  openssl verify -CAfile %s -untrusted %s %s%n"
                + "  openssl verify -crl_check -CRLfile %s -CAfile %s -untrusted %s %s   (revoked)%n",
                rootPem, gatewayPem, leafPem, crlPem, rootPem, gatewayPem, leafPem);
        console.flush();
        return 0;
    }

    private static void step(PrintWriter console, int n, String what, X509Certificate cert, String note, long start) {
        console.printf("[%d/6] %-14s %s%n      %s (%s)%n", n, what, cert.getSubjectX500Principal().getName(), note, millis(start));
    }

    private static byte[] randomBytes(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String millis(long startNanos) {
        return String.format("%.1f ms", (System.nanoTime() - startNanos) / 1e6);
    }
}
