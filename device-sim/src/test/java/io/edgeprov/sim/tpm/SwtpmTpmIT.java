package io.edgeprov.sim.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** SwtpmTpm against a real swtpm, checked with plain JCA and tpm2-tools' own MakeCredential. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwtpmTpmIT {
    private static final int FIXED_TPM = 1 << 1;
    private static final int SENSITIVE_DATA_ORIGIN = 1 << 5;
    private static final int RESTRICTED = 1 << 16;
    private static final int SIGN = 1 << 18;

    private Path dir;
    private SwtpmInstance swtpm;
    private SwtpmTpm rsaTpm;
    private SwtpmTpm eccTpm;

    @BeforeAll
    void start_one_swtpm(@TempDir Path classDir) throws Exception {
        dir = classDir;
        swtpm = SwtpmInstance.manufacture(dir.resolve("swtpm"));
        rsaTpm = SwtpmTpm.open(swtpm, SwtpmTpm.EndorsementKeyType.RSA_2048, dir.resolve("rsa"));
        eccTpm = SwtpmTpm.open(swtpm, SwtpmTpm.EndorsementKeyType.ECC_P256, dir.resolve("ecc"));
    }

    @AfterAll
    void stop_swtpm() {
        if (rsaTpm != null) {
            rsaTpm.close();
        }
        if (eccTpm != null) {
            eccTpm.close();
        }
        if (swtpm != null) {
            swtpm.close();
        }
    }

    @Test
    void rsa_endorsement_key_is_a_size_prefixed_rsa_public_area() {
        byte[] ek = rsaTpm.endorsementKeyPublic();

        assertThat(u16(ek, 0)).isEqualTo(ek.length - 2);
        assertThat(u16(ek, 2)).isEqualTo(0x0001);
    }

    @Test
    void ecc_endorsement_key_is_a_size_prefixed_ecc_public_area() {
        byte[] ek = eccTpm.endorsementKeyPublic();

        assertThat(u16(ek, 0)).isEqualTo(ek.length - 2);
        assertThat(u16(ek, 2)).isEqualTo(0x0023);
    }

    @Test
    void rsa_ek_certificate_from_nv_is_signed_by_the_local_ca() throws Exception {
        X509Certificate ekCert = certificate(rsaTpm.endorsementKeyCertificate().orElseThrow());
        X509Certificate issuer = certificate(Files.readAllBytes(swtpm.localCaIssuerCertificate()));

        ekCert.verify(issuer.getPublicKey());

        assertThat(ekCert.getExtendedKeyUsage()).contains("2.23.133.8.1");
    }

    @Test
    void ecc_p384_ek_certificate_from_nv_certifies_the_ek_tpm2_createek_made() throws Exception {
        try (SwtpmTpm p384 = SwtpmTpm.open(swtpm, SwtpmTpm.EndorsementKeyType.ECC_P384, dir.resolve("p384"))) {
            X509Certificate ekCert = certificate(p384.endorsementKeyCertificate().orElseThrow());

            ekCert.verify(certificate(Files.readAllBytes(swtpm.localCaIssuerCertificate())).getPublicKey());
            assertThat(((java.security.interfaces.ECPublicKey) ekCert.getPublicKey()).getW().getAffineX())
                    .isEqualTo(new BigInteger(1, Arrays.copyOfRange(p384.endorsementKeyPublic(),
                            p384.endorsementKeyPublic().length - 2 - 48 - 48, p384.endorsementKeyPublic().length - 2 - 48)));
        }
    }

    @Test
    void ecc_p256_ek_has_no_certificate_because_swtpm_setup_certifies_p384() {
        assertThat(eccTpm.endorsementKeyCertificate()).isEmpty();
    }

    @Test
    void attestation_key_is_a_restricted_signing_key_made_by_the_tpm() {
        int attributes = objectAttributes(rsaTpm.attestationKeyPublic());

        assertThat(attributes & (FIXED_TPM | SENSITIVE_DATA_ORIGIN | RESTRICTED | SIGN))
                .isEqualTo(FIXED_TPM | SENSITIVE_DATA_ORIGIN | RESTRICTED | SIGN);
    }

    @Test
    void activate_credential_recovers_a_secret_from_tpm2_makecredential() throws Exception {
        byte[] secret = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        byte[][] credential = given_a_tpm2_tools_credential(rsaTpm, secret);

        assertThat(rsaTpm.activateCredential(credential[0], credential[1])).containsExactly(secret);
    }

    @Test
    void activate_credential_for_another_ek_is_refused_naming_the_command() throws Exception {
        byte[][] credential = given_a_tpm2_tools_credential(rsaTpm, new byte[16]);

        assertThatThrownBy(() -> eccTpm.activateCredential(credential[0], credential[1]))
                .isInstanceOf(TpmOperationException.class)
                .hasMessageContaining("tpm2_activatecredential");
    }

    @Test
    void device_key_is_fixed_to_the_tpm_and_made_inside_it() throws Exception {
        TpmKeyHandle key = eccTpm.createDeviceKey();

        int attributes = objectAttributes(eccTpm.publicArea(key));

        assertThat(attributes & (FIXED_TPM | SENSITIVE_DATA_ORIGIN | SIGN | RESTRICTED))
                .isEqualTo(FIXED_TPM | SENSITIVE_DATA_ORIGIN | SIGN);
    }

    @Test
    void certify_returns_a_tpm_generated_attestation_holding_the_qualifying_data() throws Exception {
        TpmKeyHandle key = eccTpm.createDeviceKey();
        byte[] nonce = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");

        byte[] attest = eccTpm.certify(key, nonce).attestation();

        ByteBuffer b = ByteBuffer.wrap(attest);
        assertThat(b.getInt()).isEqualTo(0xff544347);
        assertThat(Short.toUnsignedInt(b.getShort())).isEqualTo(0x8017);
        int qualifiedSignerLength = Short.toUnsignedInt(b.getShort());
        b.position(b.position() + qualifiedSignerLength);
        byte[] extraData = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(extraData);
        assertThat(extraData).containsExactly(nonce);
    }

    @Test
    void certify_signature_verifies_with_the_attestation_key() throws Exception {
        TpmKeyHandle key = eccTpm.createDeviceKey();

        CertifyResult evidence = eccTpm.certify(key, new byte[] {42});

        assertThat(verifies(eccTpm.attestationKeyPublic(), evidence.attestation(),
                ecdsaSignatureToDer(evidence.signature()))).isTrue();
    }

    @Test
    void sign_sha256_yields_a_der_signature_that_verifies_with_the_key() throws Exception {
        TpmKeyHandle key = eccTpm.createDeviceKey();
        byte[] message = "to be signed".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        byte[] der = eccTpm.signSha256(key, message);

        assertThat(verifies(eccTpm.publicArea(key), message, der)).isTrue();
    }

    @Test
    void imported_key_lacks_fixed_tpm_and_sensitive_data_origin() throws Exception {
        TpmKeyHandle key = eccTpm.importExternalKey(given_a_software_key());

        int attributes = objectAttributes(eccTpm.publicArea(key));

        assertThat(attributes & (FIXED_TPM | SENSITIVE_DATA_ORIGIN)).isZero();
        assertThat(attributes & SIGN).isEqualTo(SIGN);
    }

    @Test
    void imported_key_can_still_be_certified_by_the_attestation_key() throws Exception {
        TpmKeyHandle key = eccTpm.importExternalKey(given_a_software_key());

        CertifyResult evidence = eccTpm.certify(key, new byte[] {7});

        assertThat(verifies(eccTpm.attestationKeyPublic(), evidence.attestation(),
                ecdsaSignatureToDer(evidence.signature()))).isTrue();
    }

    @Test
    void key_handle_from_another_tpm_is_refused() throws Exception {
        TpmKeyHandle foreign = rsaTpm.createDeviceKey();

        assertThatThrownBy(() -> eccTpm.publicArea(foreign))
                .isInstanceOf(TpmOperationException.class)
                .hasMessageContaining(foreign.id());
    }

    private byte[][] given_a_tpm2_tools_credential(SwtpmTpm tpm, byte[] secret) throws Exception {
        Path work = Files.createTempDirectory(dir, "makecredential");
        Files.write(work.resolve("ek.pub"), tpm.endorsementKeyPublic());
        Files.write(work.resolve("secret.bin"), secret);
        String akName = HexFormat.of().formatHex(name(tpm.attestationKeyPublic()));
        new ExternalTool(work, Map.of(), Duration.ofSeconds(30)).run("tpm2_makecredential", "-T", "none",
                "-e", "ek.pub", "-s", "secret.bin", "-n", akName, "-o", "credential.out");
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(work.resolve("credential.out")));
        file.position(8);
        byte[] idObject = new byte[2 + Short.toUnsignedInt(file.getShort(8))];
        file.get(idObject);
        byte[] encrypted = new byte[file.remaining()];
        file.get(encrypted);
        return new byte[][] {idObject, encrypted};
    }

    private static byte[] name(byte[] tpm2bPublic) throws Exception {
        byte[] area = Arrays.copyOfRange(tpm2bPublic, 2, tpm2bPublic.length);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(area);
        return ByteBuffer.allocate(2 + digest.length).putShort((short) 0x000b).put(digest).array();
    }

    private static KeyPair given_a_software_key() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static boolean verifies(byte[] tpm2bEccPublic, byte[] data, byte[] derSignature) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(eccPublicKey(tpm2bEccPublic));
        verifier.update(data);
        return verifier.verify(derSignature);
    }

    /** The ECC point at the end of a TPM2B_PUBLIC (unique is the last field: x then y, each size-prefixed). */
    private static PublicKey eccPublicKey(byte[] tpm2bPublic) throws Exception {
        int yLength = 32;
        int yStart = tpm2bPublic.length - yLength;
        int xStart = yStart - 2 - 32;
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(tpm2bPublic, xStart, xStart + 32));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(tpm2bPublic, yStart, yStart + yLength));
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
    }

    /** TPMT_SIGNATURE (ECDSA: sigAlg, hashAlg, r, s as TPM2B) to DER ECDSA-Sig-Value. */
    private static byte[] ecdsaSignatureToDer(byte[] signature) {
        ByteBuffer b = ByteBuffer.wrap(signature);
        assertThat(Short.toUnsignedInt(b.getShort())).isEqualTo(0x0018);
        b.getShort();
        byte[] r = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(r);
        byte[] s = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(s);
        byte[] rDer = new BigInteger(1, r).toByteArray();
        byte[] sDer = new BigInteger(1, s).toByteArray();
        int length = 2 + rDer.length + 2 + sDer.length;
        return ByteBuffer.allocate(2 + length).put((byte) 0x30).put((byte) length)
                .put((byte) 0x02).put((byte) rDer.length).put(rDer)
                .put((byte) 0x02).put((byte) sDer.length).put(sDer).array();
    }

    private static int objectAttributes(byte[] tpm2bPublic) {
        return ByteBuffer.wrap(tpm2bPublic).getInt(6);
    }

    private static int u16(byte[] bytes, int offset) {
        return Short.toUnsignedInt(ByteBuffer.wrap(bytes).getShort(offset));
    }

    private static X509Certificate certificate(byte[] bytes) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(bytes));
    }
}
