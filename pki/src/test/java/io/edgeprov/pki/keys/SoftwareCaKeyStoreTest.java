package io.edgeprov.pki.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.pki.EllipticCurveProvider;
import io.edgeprov.pki.HardwareKey;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import org.junit.jupiter.api.Test;

class SoftwareCaKeyStoreTest {
    private final TestCa testCa = new TestCa();

    @Test
    void on_this_machine_the_fastest_store_signs_natively_and_its_signatures_verify() throws Exception {
        assertThat(EllipticCurveProvider.nativeCurves()).as("the Amazon Corretto Crypto Provider loads here"
                + " (linux-x86_64 or linux-aarch_64, glibc; docs/decisions/0013)").isPresent();
        TestCa.Ca ca = testCa.selfSignedRoot("Gateway CA");

        SoftwareCaKeyStore store = SoftwareCaKeyStore.fastest(ca.privateKey(), ca.chain(), testCa.bc);

        assertThat(store.signingProvider()).isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(testCa.signsVerifiably(store)).isTrue();
    }

    @Test
    void a_key_the_native_provider_cannot_take_stays_with_the_fallback() throws Exception {
        TestCa.Ca ca = testCa.selfSignedRoot("Gateway CA");
        PrivateKey withoutEncoding = new HardwareKey(((ECPublicKey) ca.certificate().getPublicKey()).getParams());

        SoftwareCaKeyStore store = SoftwareCaKeyStore.fastest(withoutEncoding, ca.chain(), testCa.bc);

        assertThat(store.signingProvider()).isEqualTo("BC");
    }

    @Test
    void the_plain_constructor_signs_with_the_provider_it_was_given() throws Exception {
        TestCa.Ca ca = testCa.selfSignedRoot("Gateway CA");

        SoftwareCaKeyStore store = new SoftwareCaKeyStore(ca.privateKey(), ca.chain(), testCa.bc);

        assertThat(store.signingProvider()).isEqualTo("BC");
        assertThat(testCa.signsVerifiably(store)).isTrue();
    }
}
