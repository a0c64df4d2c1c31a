package io.edgeprov.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.pki.crl.CrlBuilder;
import io.edgeprov.pki.crl.CrlReason;
import io.edgeprov.pki.crl.RevokedCertificate;
import io.edgeprov.pki.crl.SignedCrl;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CA makes, checked by an independent peer: the openssl command line. */
class OpensslInteropIT {
    @TempDir
    Path dir;
    private TestFleet fleet;
    private Path rootPem;
    private Path gatewayPem;

    @BeforeEach
    void fleet() throws Exception {
        fleet = new TestFleet(Clock.systemUTC());
        rootPem = write("root.pem", Certificates.toPem(fleet.root.certificate()));
        gatewayPem = write("gateway.pem", Certificates.toPem(fleet.gatewayCertificate()));
    }

    @Test
    void openssl_verifies_a_device_certificate_through_the_gateway_ca() throws Exception {
        Path leaf = leafPem("sensor-1", fleet.authority());
        Result result = openssl("verify", "-CAfile", rootPem.toString(), "-untrusted", gatewayPem.toString(),
                "-purpose", "sslclient", leaf.toString());
        assertThat(result.output()).contains(leaf + ": OK");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void openssl_enforces_the_gateway_ca_name_constraints() throws Exception {
        CertificateAuthority rogue = fleet.authority(DeviceCertificateProfile.defaults(
                new FleetNaming("Other Corp", "other.example"), TestFleet.CRL_URL));
        Path leaf = leafPem("sensor-1", rogue);
        Result result = openssl("verify", "-CAfile", rootPem.toString(), "-untrusted", gatewayPem.toString(), leaf.toString());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).containsIgnoringCase("subtree violation");
    }

    @Test
    void openssl_verifies_the_crl_signature() throws Exception {
        Path crl = crlPem(List.of());
        Path chain = write("chain.pem", Files.readString(gatewayPem) + Files.readString(rootPem));
        Result result = openssl("crl", "-in", crl.toString(), "-CAfile", chain.toString(), "-noout");
        assertThat(result.output()).contains("verify OK");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void openssl_refuses_a_revoked_device_certificate_with_the_crl() throws Exception {
        CertificateAuthority ca = fleet.authority();
        IssuedCertificate revoked = ca.issue(IssuanceRequest.of("lost-1", TestFleet.deviceKey(KeyAlgorithm.EC_P256).getPublic()));
        IssuedCertificate good = ca.issue(IssuanceRequest.of("good-1", TestFleet.deviceKey(KeyAlgorithm.EC_P256).getPublic()));
        List<RevokedCertificate> entries = new ArrayList<>();
        entries.add(new RevokedCertificate(revoked.serial(), fleet.clock.instant(), CrlReason.KEY_COMPROMISE));
        Path crl = crlPem(entries);
        Path rootCrl = write("root-crl.pem", Certificates.pem("X509 CRL",
                new CrlBuilder(fleet.rootStore, fleet.clock).build(BigInteger.ONE, List.of(), Duration.ofDays(1)).der()));
        Path crls = write("crls.pem", Files.readString(crl) + Files.readString(rootCrl));

        Result refused = openssl("verify", "-crl_check", "-CRLfile", crls.toString(), "-CAfile", rootPem.toString(),
                "-untrusted", gatewayPem.toString(), write("revoked.pem", Certificates.toPem(revoked.toX509())).toString());
        Result accepted = openssl("verify", "-crl_check", "-CRLfile", crls.toString(), "-CAfile", rootPem.toString(),
                "-untrusted", gatewayPem.toString(), write("good.pem", Certificates.toPem(good.toX509())).toString());

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("certificate revoked");
        assertThat(accepted.exitCode()).isZero();
    }

    @Test
    void openssl_verifies_a_crl_of_a_hundred_thousand_entries_and_lists_every_one() throws Exception {
        List<RevokedCertificate> entries = hundredThousandEntries(fleet.clock);
        Path crl = Files.write(dir.resolve("large.crl"), new CrlBuilder(fleet.gatewayStore, fleet.clock)
                .build(BigInteger.valueOf(2), entries, Duration.ofHours(1)).der());
        Path chain = write("chain.pem", Files.readString(gatewayPem) + Files.readString(rootPem));

        Result verified = openssl("crl", "-inform", "DER", "-in", crl.toString(), "-CAfile", chain.toString(), "-verify", "-noout");
        Result listed = openssl("crl", "-inform", "DER", "-in", crl.toString(), "-noout", "-text");

        assertThat(verified.output()).contains("verify OK");
        assertThat(verified.exitCode()).isZero();
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.output().split("Serial Number: ", -1)).hasSize(entries.size() + 1);
        RevokedCertificate last = entries.get(entries.size() - 1);
        assertThat(listed.output()).contains("Serial Number: " + opensslHex(last.serial()));
        assertThat(listed.output().split("Key Compromise", -1).length - 1)
                .isEqualTo((int) entries.stream().filter(e -> e.reason() == CrlReason.KEY_COMPROMISE).count());
    }

    @Test
    void openssl_refuses_a_revoked_device_certificate_listed_among_a_hundred_thousand() throws Exception {
        IssuedCertificate revoked = fleet.authority().issue(IssuanceRequest.of("lost-2",
                TestFleet.deviceKey(KeyAlgorithm.EC_P256).getPublic()));
        List<RevokedCertificate> entries = hundredThousandEntries(fleet.clock);
        entries.add(50_000, new RevokedCertificate(revoked.serial(), fleet.clock.instant(), CrlReason.KEY_COMPROMISE));
        Path crl = write("large-crl.pem", Certificates.pem("X509 CRL", new CrlBuilder(fleet.gatewayStore, fleet.clock)
                .build(BigInteger.valueOf(3), entries, Duration.ofHours(1)).der()));
        Path rootCrl = write("root-crl.pem", Certificates.pem("X509 CRL",
                new CrlBuilder(fleet.rootStore, fleet.clock).build(BigInteger.ONE, List.of(), Duration.ofDays(1)).der()));
        Path crls = write("crls.pem", Files.readString(crl) + Files.readString(rootCrl));

        Result refused = openssl("verify", "-crl_check", "-CRLfile", crls.toString(), "-CAfile", rootPem.toString(),
                "-untrusted", gatewayPem.toString(), write("revoked.pem", Certificates.toPem(revoked.toX509())).toString());

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("certificate revoked");
    }

    /** 100,000 entries with 127-bit serials, one revocation per second, every reason in turn. */
    private static List<RevokedCertificate> hundredThousandEntries(Clock clock) {
        SecureRandom random = new SecureRandom();
        Instant first = clock.instant().minus(Duration.ofDays(3));
        List<RevokedCertificate> entries = new ArrayList<>(100_001);
        for (int i = 0; i < 100_000; i++) {
            entries.add(new RevokedCertificate(new BigInteger(127, random).setBit(100), first.plusSeconds(i),
                    CrlReason.values()[i % CrlReason.values().length]));
        }
        return entries;
    }

    /** A serial as openssl prints it: upper-case hex in whole octets. */
    private static String opensslHex(BigInteger serial) {
        String hex = serial.toString(16).toUpperCase(java.util.Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    private Path leafPem(String deviceId, CertificateAuthority ca) throws Exception {
        X509Certificate leaf = ca.issue(IssuanceRequest.of(deviceId, TestFleet.deviceKey(KeyAlgorithm.EC_P256).getPublic())).toX509();
        return write(deviceId + ".pem", Certificates.toPem(leaf));
    }

    private Path crlPem(List<RevokedCertificate> entries) throws Exception {
        SignedCrl crl = new CrlBuilder(fleet.gatewayStore, fleet.clock).build(BigInteger.ONE, entries, Duration.ofHours(1));
        return write("gateway-crl.pem", Certificates.pem("X509 CRL", crl.der()));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private record Result(int exitCode, String output) {
    }

    private Result openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("openssl is not installed: run `apt-get install -y openssl`", e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("openssl " + args[0] + " did not finish in 30 s");
            }
            return new Result(process.exitValue(), output);
        } finally {
            process.destroyForcibly();
        }
    }
}
