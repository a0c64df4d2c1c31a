package io.edgeprov.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
    private final TestFleet fleet = new TestFleet();

    CertificateAuthorityTest() throws Exception {
    }

    private X509Certificate issue(String deviceId, KeyPair key) throws Exception {
        return fleet.authority().issue(IssuanceRequest.of(deviceId, key.getPublic())).toX509();
    }

    @Test
    void device_certificate_names_the_device_from_the_profile_not_the_csr() throws Exception {
        X509Certificate cert = issue("sensor-0001", TestFleet.deviceKey(KeyAlgorithm.EC_P256));
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=sensor-0001,OU=Devices,O=Acme Devices");
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(6, "spiffe://fleet.acme.test/device/sensor-0001"));
    }

    @Test
    void device_certificate_is_for_client_authentication_and_signatures_only() throws Exception {
        X509Certificate cert = issue("sensor-0001", TestFleet.deviceKey(KeyAlgorithm.EC_P256));
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(cert.getKeyUsage()).containsExactly(true, false, false, false, false, false, false, false, false);
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void device_certificate_carries_key_identifiers_and_the_crl_distribution_point() throws Exception {
        X509Certificate cert = issue("sensor-0001", TestFleet.deviceKey(KeyAlgorithm.EC_P256));
        X509CertificateHolder holder = new X509CertificateHolder(cert.getEncoded());
        X509CertificateHolder ca = new X509CertificateHolder(fleet.gatewayCertificate().getEncoded());
        assertThat(holder.getExtension(Extension.authorityKeyIdentifier).getParsedValue().toASN1Primitive().toString())
                .contains(ca.getExtension(Extension.subjectKeyIdentifier).getParsedValue().toString().substring(1));
        assertThat(holder.getExtension(Extension.subjectKeyIdentifier)).isNotNull();
        CRLDistPoint dp = CRLDistPoint.getInstance(holder.getExtension(Extension.cRLDistributionPoints).getParsedValue());
        assertThat(dp.getDistributionPoints()[0].getDistributionPoint().toString()).contains(TestFleet.CRL_URL.toString());
    }

    @Test
    void lifetime_is_24_hours_by_default() throws Exception {
        X509Certificate cert = issue("sensor-0001", TestFleet.deviceKey(KeyAlgorithm.EC_P256));
        Instant now = fleet.clock.instant();
        assertThat(Duration.between(now, cert.getNotAfter().toInstant()).abs().minusHours(24).abs())
                .isLessThan(Duration.ofSeconds(2));
        assertThat(cert.getNotBefore().toInstant()).isBefore(now);
    }

    @Test
    void lifetime_chosen_by_policy_is_applied() throws Exception {
        IssuedCertificate issued = fleet.authority().issue(new IssuanceRequest("sensor-0001",
                TestFleet.deviceKey(KeyAlgorithm.EC_P256).getPublic(), Optional.of(Duration.ofMinutes(30))));
        assertThat(Duration.between(fleet.clock.instant(), issued.notAfter()).toMinutes()).isBetween(29L, 30L);
        assertThat(issued.renewAfter()).isBetween(issued.notBefore(), issued.notAfter());
    }

    @Test
    void lifetime_outside_minutes_to_days_is_refused() {
        KeyPair key = TestFleet.deviceKey(KeyAlgorithm.EC_P256);
        assertThatThrownBy(() -> new IssuanceRequest("d", key.getPublic(), Optional.of(Duration.ofMinutes(1))))
                .hasMessageContaining("lifetime must be between");
        assertThatThrownBy(() -> new IssuanceRequest("d", key.getPublic(), Optional.of(Duration.ofDays(31))))
                .hasMessageContaining("lifetime must be between");
    }

    @Test
    void device_lifetime_is_clipped_to_the_ca_lifetime() throws Exception {
        IssuedCertificate issued = fleet.authority(DeviceCertificateProfile.defaults(TestFleet.NAMING, TestFleet.CRL_URL)
                .withLifetime(Duration.ofDays(30))).issue(IssuanceRequest.of("d1", TestFleet.deviceKey(KeyAlgorithm.EC_P256).getPublic()));
        assertThat(issued.notAfter()).isBeforeOrEqualTo(fleet.gatewayCertificate().getNotAfter().toInstant());
    }

    @Test
    void serials_are_random_positive_and_at_least_64_bits() throws Exception {
        CertificateAuthority ca = fleet.authority();
        KeyPair key = TestFleet.deviceKey(KeyAlgorithm.EC_P256);
        Set<BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            BigInteger serial = ca.issue(IssuanceRequest.of("d" + i, key.getPublic())).serial();
            assertThat(serial.signum()).isPositive();
            assertThat(serial.bitLength()).isBetween(64, 127);
            serials.add(serial);
        }
        assertThat(serials).hasSize(500);
    }

    @Test
    void chain_validates_with_the_jdk_pkix_validator() throws Exception {
        for (KeyAlgorithm algorithm : List.of(KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P384, KeyAlgorithm.RSA_2048)) {
            X509Certificate leaf = issue("device-" + algorithm.configName(), TestFleet.deviceKey(algorithm));
            validate(List.of(leaf, fleet.gatewayCertificate()));
        }
    }

    @Test
    void a_ca_outside_the_fleet_naming_fails_pkix_name_constraints() throws Exception {
        FleetNaming otherFleet = new FleetNaming("Other Corp", "other.example");
        CertificateAuthority rogue = fleet.authority(DeviceCertificateProfile.defaults(otherFleet, TestFleet.CRL_URL));
        X509Certificate leaf = rogue.issue(IssuanceRequest.of("d1", TestFleet.deviceKey(KeyAlgorithm.EC_P256).getPublic())).toX509();
        assertThatThrownBy(() -> validate(List.of(leaf, fleet.gatewayCertificate())))
                .isInstanceOf(CertPathValidatorException.class)
                .hasMessageContaining("name constraints");
    }

    @Test
    void a_certificate_whose_key_store_holds_no_ca_is_refused() throws Exception {
        X509Certificate leaf = issue("d1", TestFleet.deviceKey(KeyAlgorithm.EC_P256));
        var notCa = new io.edgeprov.pki.keys.SoftwareCaKeyStore(TestFleet.deviceKey(KeyAlgorithm.EC_P256).getPrivate(),
                List.of(leaf), TestFleet.BC);
        assertThatThrownBy(() -> CertificateAuthority.builder().keyStore(notCa)
                .profile(DeviceCertificateProfile.defaults(TestFleet.NAMING, TestFleet.CRL_URL)).build())
                .isInstanceOf(PkiException.class).hasMessageContaining("not a CA certificate");
    }

    private void validate(List<X509Certificate> chain) throws Exception {
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(fleet.root.certificate(), null)));
        params.setRevocationEnabled(false);
        params.setDate(java.util.Date.from(fleet.clock.instant()));
        CertPathValidator.getInstance("PKIX").validate(path, params);
    }

    @Test
    void server_certificate_is_for_tls_servers_and_validates_under_the_name_constraints() throws Exception {
        IssuedCertificate issued = fleet.authority().issueServer("gw1-broker", TestFleet.deviceKey(KeyAlgorithm.EC_P256).getPublic(),
                List.of("localhost"), List.of(java.net.InetAddress.getLoopbackAddress()), Duration.ofDays(90));
        X509Certificate cert = issued.toX509();
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        validate(List.of(cert, fleet.gatewayCertificate()));
    }

    @Test
    void server_certificate_without_any_name_is_refused() {
        assertThatThrownBy(() -> fleet.authority().issueServer("gw1-broker", TestFleet.deviceKey(KeyAlgorithm.EC_P256).getPublic(),
                List.of(), List.of(), Duration.ofDays(90))).hasMessageContaining("at least one DNS name");
    }

    @Test
    void concurrent_issuance_gives_every_certificate_the_key_identifier_of_its_own_key() throws Exception {
        CertificateAuthority ca = fleet.authority();
        KeyPair[] keys = new KeyPair[8];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = TestFleet.deviceKey(KeyAlgorithm.EC_P256);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<IssuedCertificate>> issued = new java.util.ArrayList<>();
            for (int i = 0; i < 800; i++) {
                KeyPair key = keys[i % keys.length];
                String id = "d" + i;
                issued.add(pool.submit(() -> ca.issue(IssuanceRequest.of(id, key.getPublic()))));
            }
            for (java.util.concurrent.Future<IssuedCertificate> future : issued) {
                X509Certificate cert = future.get().toX509();
                byte[] expected = org.bouncycastle.asn1.x509.SubjectKeyIdentifier.getInstance(
                        Certificates.extensionUtils().createSubjectKeyIdentifier(
                                org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded())))
                        .getKeyIdentifier();
                byte[] actual = org.bouncycastle.asn1.x509.SubjectKeyIdentifier.getInstance(
                        org.bouncycastle.asn1.ASN1OctetString.getInstance(cert.getExtensionValue(Extension.subjectKeyIdentifier.getId()))
                                .getOctets()).getKeyIdentifier();
                assertThat(actual).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
