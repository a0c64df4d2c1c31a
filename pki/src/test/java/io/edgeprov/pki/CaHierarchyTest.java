package io.edgeprov.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

class CaHierarchyTest {
    private final TestFleet fleet = new TestFleet();

    CaHierarchyTest() throws Exception {
    }

    @Test
    void fleet_root_is_a_self_signed_ca_for_certificates_and_crls() throws Exception {
        X509Certificate root = fleet.root.certificate();
        root.verify(root.getPublicKey());
        assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(root.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(root.getSubjectX500Principal().getName()).contains("CN=Acme Devices Root CA", "O=Acme Devices");
    }

    @Test
    void gateway_ca_is_signed_by_the_root_with_path_length_zero() throws Exception {
        X509Certificate gateway = fleet.gatewayCertificate();
        gateway.verify(fleet.root.certificate().getPublicKey());
        assertThat(gateway.getBasicConstraints()).isZero();
        assertThat(gateway.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(gateway.getCriticalExtensionOIDs()).contains(Extension.nameConstraints.getId(), Extension.basicConstraints.getId());
    }

    @Test
    void gateway_ca_is_constrained_to_the_fleet_subject_base_and_trust_domain() throws Exception {
        X509CertificateHolder holder = new X509CertificateHolder(fleet.gatewayCertificate().getEncoded());
        NameConstraints constraints = NameConstraints.getInstance(holder.getExtension(Extension.nameConstraints).getParsedValue());
        assertThat(constraints.getPermittedSubtrees()).hasSize(2);
        assertThat(constraints.getPermittedSubtrees()[0].getBase().getName().toString()).isEqualTo("O=Acme Devices");
        assertThat(constraints.getPermittedSubtrees()[1].getBase().getName().toString()).isEqualTo("fleet.acme.test");
    }

    @Test
    void gateway_ca_may_not_outlive_the_root() {
        assertThatThrownBy(() -> fleet.hierarchy.signGatewayCa(fleet.rootStore, "gw2",
                fleet.hierarchy.generateGatewayKey(KeyAlgorithm.EC_P256).getPublic(), Duration.ofDays(4000)))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("outlive the fleet root");
    }

    @Test
    void gateway_id_with_a_path_separator_is_refused() {
        assertThatThrownBy(() -> fleet.hierarchy.signGatewayCa(fleet.rootStore, "gw/1",
                fleet.hierarchy.generateGatewayKey(KeyAlgorithm.EC_P256).getPublic(), Duration.ofDays(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway id");
    }
}
