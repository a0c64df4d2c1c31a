package io.edgeprov.sim.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.sim.tpm.SoftwareTpm;
import io.edgeprov.sim.tpm.TpmKeyHandle;
import java.security.PublicKey;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeviceCsrTest {
    private final CountingTpm tpm = new CountingTpm(SoftwareTpm.builder().build());

    @AfterEach
    void close_tpm() {
        tpm.close();
    }

    @Test
    void csr_signature_verifies_with_bouncycastle() throws Exception {
        PKCS10CertificationRequest csr = givenCsr(tpm.createDeviceKey());

        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(new BouncyCastleProvider()).build(csr.getSubjectPublicKeyInfo()))).isTrue();
    }

    @Test
    void csr_public_key_is_the_tpm_key() throws Exception {
        TpmKeyHandle key = tpm.createDeviceKey();
        PublicKey tpmKey = DeviceCsr.publicKey(tpm, key);

        PKCS10CertificationRequest csr = givenCsr(key);

        assertThat(new JcaPKCS10CertificationRequest(csr).getPublicKey().getEncoded()).isEqualTo(tpmKey.getEncoded());
    }

    @Test
    void csr_is_signed_inside_the_tpm() throws Exception {
        TpmKeyHandle key = tpm.createDeviceKey();

        givenCsr(key);

        assertThat(tpm.signatures.get()).isEqualTo(1);
    }

    @Test
    void csr_subject_names_the_device() throws Exception {
        PKCS10CertificationRequest csr = givenCsr(tpm.createDeviceKey());

        assertThat(csr.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue().toString()).isEqualTo("csr-device-7");
    }

    private PKCS10CertificationRequest givenCsr(TpmKeyHandle key) throws Exception {
        return new PKCS10CertificationRequest(DeviceCsr.build(tpm, key, new DeviceId("csr-device-7")));
    }
}
