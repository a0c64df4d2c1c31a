package io.edgeprov.pki.tpm;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.EnumSet;
import java.util.Set;

/**
 * One coverage-guided fuzz target over every TPM structure parser and the EK-certificate parser
 * (Jazzer fuzzes one target per run, so the last input byte picks the parser). Only the parsers'
 * own refusals may escape; anything else, and any parsed structure that does not re-marshal to
 * the exact input, is a finding. Seeds are real swtpm structures (src/test/resources/tpm/fuzz-seeds).
 */
class TpmParsersFuzzTest {
    private static final Set<AttestationFailure> EK_CERT_REFUSALS = EnumSet.of(AttestationFailure.EK_CERT_MALFORMED, AttestationFailure.EK_CERT_NOT_EK_CERT);
    private static final Set<AttestationFailure> KEY_REFUSALS = EnumSet.of(AttestationFailure.AK_MALFORMED, AttestationFailure.AK_NOT_FIXED_TPM,
            AttestationFailure.AK_NOT_FIXED_PARENT, AttestationFailure.AK_NOT_SENSITIVE_DATA_ORIGIN, AttestationFailure.AK_NOT_RESTRICTED,
            AttestationFailure.AK_NOT_SIGNING, AttestationFailure.AK_CAN_DECRYPT, AttestationFailure.EK_MALFORMED, AttestationFailure.EK_NOT_STORAGE_KEY);
    private static final EvidenceVerifier VERIFIER = new EvidenceVerifier();

    @FuzzTest(maxDuration = "35s")
    void fuzz_every_tpm_parser(FuzzedDataProvider data) throws Exception {
        int selector = data.consumeInt(0, 9);
        byte[] input = data.consumeRemainingAsBytes();
        try {
            dispatch(selector, input);
        } catch (TpmFormatException refused) {
            assertThat(refused.field()).isNotBlank();
        } catch (AttestationException refused) {
            assertThat(selector == 8 ? EK_CERT_REFUSALS : KEY_REFUSALS).contains(refused.failure());
        }
    }

    private static void dispatch(int selector, byte[] input) throws Exception {
        switch (selector) {
            case 0 -> {
                TpmPublic p = TpmPublic.unmarshalTpm2b(input);
                assertThat(p.marshalTpm2b()).isEqualTo(input);
                assertThat(p.name().nameAlg()).isEqualTo(p.nameAlg());
                p.toPublicKey();
            }
            case 1 -> assertThat(TpmPublic.unmarshal(input).marshal()).isEqualTo(input);
            case 2 -> {
                TpmtSignature s = TpmtSignature.unmarshal(input);
                assertThat(s.marshal()).isEqualTo(input);
                assertThat(s.toJcaSignature()).isNotNull();
            }
            case 3 -> assertThat(TpmsAttest.unmarshal(input).marshal()).isEqualTo(input);
            case 4 -> assertThat(TpmIdObject.unmarshalTpm2b(input).marshalTpm2b()).isEqualTo(input);
            case 5 -> {
                TpmEncryptedSecret e = TpmEncryptedSecret.unmarshalTpm2b(input);
                assertThat(e.marshalTpm2b()).isEqualTo(input);
                assertThat(e.eccPoint().marshal()).isEqualTo(e.secret());
            }
            case 6 -> assertThat(TpmsEccPoint.unmarshalTpm2b(input).marshalTpm2b()).isEqualTo(input);
            case 7 -> assertThat(TpmName.parse(input, "name").bytes()).isEqualTo(input);
            case 8 -> {
                EkCertificate cert = EkCertificate.parse(input);
                assertThat(cert.publicKey()).isNotNull();
            }
            default -> {
                TpmPublic ak = VERIFIER.checkAttestationKey(input);
                assertThat(ak.objectAttributes().restricted()).isTrue();
                VERIFIER.checkEndorsementKey(input);
            }
        }
    }
}
