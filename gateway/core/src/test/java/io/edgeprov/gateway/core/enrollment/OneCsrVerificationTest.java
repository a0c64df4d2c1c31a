package io.edgeprov.gateway.core.enrollment;

import static io.edgeprov.gateway.core.enrollment.GatewayFixture.accepted;
import static io.edgeprov.gateway.core.enrollment.GatewayFixture.identityOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.RenewRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A CSR's signature is verified once per request: the CSR check verifies it (and applies the profile's
 * key rules), and the TPM evidence check only compares the CSR's key with the certified one. Before the
 * split the finish verified it twice (once in the evidence check, once in the key check).
 */
class OneCsrVerificationTest {
    private final CountingSignatures signatures = new CountingSignatures();
    private GatewayFixture gateway;

    @AfterEach
    void close() throws Exception {
        gateway.close();
    }

    @Test
    void a_finish_verifies_its_csr_signature_once_and_the_ak_signature_once() throws Exception {
        gateway = GatewayFixture.inMemoryVerifyingWith(signatures);
        TestDevice device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);
        AttestationFinish finish = device.finish(gateway.challengeFor(device));

        accepted(gateway.service.finish("sensor-1", finish).join());

        assertThat(signatures.verificationsOf(body(finish.csr()))).as("verifications of the CSR body").isEqualTo(1);
        assertThat(signatures.verificationsOf(finish.certifyInfo())).as("verifications of the AK's TPMS_ATTEST").isEqualTo(1);
        assertThat(signatures.verifications()).as("ECDSA verifications in all").isEqualTo(2);
    }

    @Test
    void a_renewal_with_a_new_tpm_key_verifies_its_csr_signature_once() throws Exception {
        gateway = GatewayFixture.inMemoryVerifyingWith(signatures);
        TestDevice device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);
        CredentialBundle first = gateway.enroll(device);
        RenewRequest renew = device.renewNewKey();

        accepted(gateway.service.renew(identityOf("sensor-1", first), renew).join());

        assertThat(signatures.verificationsOf(body(renew.csr()))).isEqualTo(1);
    }

    private static byte[] body(byte[] csr) throws Exception {
        return CertificationRequest.getInstance(csr).getCertificationRequestInfo().getEncoded("DER");
    }
}
