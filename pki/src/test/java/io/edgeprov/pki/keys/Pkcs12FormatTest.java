package io.edgeprov.pki.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.SafeBag;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the default options put on disk: the algorithms OpenSSL 3 uses by default, with a strong
 * count. One file is written for the whole class: each costs two seconds of key derivation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Pkcs12FormatTest {
    private final TestCa testCa = new TestCa();
    private PKCS12PfxPdu pfx;

    @BeforeAll
    void given_a_store_written_with_default_options(@TempDir Path dir) throws Exception {
        TestCa.Ca ca = testCa.selfSignedRoot("Gateway CA");
        Path file = dir.resolve("ca.p12");
        Pkcs12CaKeyStore.write(file, ca.privateKey(), ca.chain(), PassphraseSource.ofChars("a-passphrase".toCharArray()),
                Pkcs12WriteOptions.defaults(), testCa.bc);
        pfx = new PKCS12PfxPdu(Files.readAllBytes(file));
    }

    private java.util.List<SafeBag> plainBags() {
        java.util.List<SafeBag> bags = new java.util.ArrayList<>();
        for (ContentInfo content : pfx.getContentInfos()) {
            assertThat(content.getContentType()).isEqualTo(PKCSObjectIdentifiers.data);
            ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1OctetString.getInstance(content.getContent()).getOctets());
            for (int i = 0; i < sequence.size(); i++) {
                bags.add(SafeBag.getInstance(sequence.getObjectAt(i)));
            }
        }
        return bags;
    }

    private AlgorithmIdentifier keyBagEncryption() {
        SafeBag keyBag = plainBags().stream().filter(b -> b.getBagId().equals(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag))
                .findFirst().orElseThrow(() -> new AssertionError("no shrouded key bag"));
        return EncryptedPrivateKeyInfo.getInstance(keyBag.getBagValue()).getEncryptionAlgorithm();
    }

    private static PBES2Parameters pbes2(AlgorithmIdentifier algorithm) {
        assertThat(algorithm.getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBES2);
        return PBES2Parameters.getInstance(algorithm.getParameters());
    }

    private static PBKDF2Params pbkdf2(PBES2Parameters parameters) {
        assertThat(parameters.getKeyDerivationFunc().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBKDF2);
        return PBKDF2Params.getInstance(parameters.getKeyDerivationFunc().getParameters());
    }

    @Test
    void key_bag_is_encrypted_with_aes_256_cbc() {
        assertThat(pbes2(keyBagEncryption()).getEncryptionScheme().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);
    }

    @Test
    void key_bag_key_is_derived_with_pbkdf2_hmac_sha256() {
        assertThat(pbkdf2(pbes2(keyBagEncryption())).getPrf().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_hmacWithSHA256);
    }

    @Test
    void key_bag_uses_the_strong_default_iteration_count() {
        assertThat(pbkdf2(pbes2(keyBagEncryption())).getIterationCount().intValue())
                .isEqualTo(Pkcs12WriteOptions.DEFAULT_KEY_ITERATIONS);
    }

    @Test
    void the_only_private_key_bag_is_the_shrouded_one() {
        assertThat(plainBags()).noneMatch(b -> b.getBagId().equals(PKCSObjectIdentifiers.keyBag));
    }

    @Test
    void certificates_are_stored_as_plain_certificate_bags() {
        assertThat(plainBags()).filteredOn(b -> b.getBagId().equals(PKCSObjectIdentifiers.certBag)).hasSize(1);
    }

    @Test
    void mac_is_hmac_sha256() {
        assertThat(pfx.getMacAlgorithmID().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_sha256);
    }

    @Test
    void mac_uses_openssls_default_iteration_count() {
        assertThat(pfx.toASN1Structure().getMacData().getIterationCount().intValue())
                .isEqualTo(Pkcs12WriteOptions.DEFAULT_MAC_ITERATIONS);
    }
}
