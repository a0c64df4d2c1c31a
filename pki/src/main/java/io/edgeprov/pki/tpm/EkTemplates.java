package io.edgeprov.pki.tpm;

import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.ADMIN_WITH_POLICY;
import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.DECRYPT;
import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.FIXED_PARENT;
import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.FIXED_TPM;
import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.RESTRICTED;
import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.SENSITIVE_DATA_ORIGIN;
import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.USER_WITH_AUTH;

import java.util.HexFormat;

/** The TCG EK Credential Profile templates (low range L-1, L-2 and high range H-4). */
final class EkTemplates {
    /** PolicySecret(TPM_RH_ENDORSEMENT) under SHA-256, the low-range EK authPolicy. */
    static final String POLICY_A_SHA256 = "837197674484b3f81a90cc8d46a5d724fd52d76e06520b64f2a1da1b331469aa";
    /** The same policy under SHA-384, used by the high-range templates. */
    static final String POLICY_A_SHA384 = "8bbf2266537c171cb56e403c4dc1d4b64f432611dc386e6f532050c3278c930e143e8bb1133824ccb431053871c6db53";

    private EkTemplates() {
    }

    private static ObjectAttributes lowRange() {
        return ObjectAttributes.of(FIXED_TPM, FIXED_PARENT, SENSITIVE_DATA_ORIGIN, ADMIN_WITH_POLICY, RESTRICTED, DECRYPT);
    }

    static TpmPublic rsa2048() {
        return new TpmPublic(TpmAlgorithm.RSA, TpmAlgorithm.SHA256, lowRange(), HexFormat.of().parseHex(POLICY_A_SHA256),
                new RsaParameters(TpmSymDef.AES_128_CFB, TpmScheme.NULL, 2048, 0), new RsaModulus(new byte[256]));
    }

    static TpmPublic eccP256() {
        return new TpmPublic(TpmAlgorithm.ECC, TpmAlgorithm.SHA256, lowRange(), HexFormat.of().parseHex(POLICY_A_SHA256),
                new EccParameters(TpmSymDef.AES_128_CFB, TpmScheme.NULL, TpmEccCurve.NIST_P256, TpmScheme.NULL),
                new TpmsEccPoint(new byte[32], new byte[32]));
    }

    static TpmPublic eccP384() {
        return new TpmPublic(TpmAlgorithm.ECC, TpmAlgorithm.SHA384, lowRange().with(USER_WITH_AUTH), HexFormat.of().parseHex(POLICY_A_SHA384),
                new EccParameters(TpmSymDef.AES_256_CFB, TpmScheme.NULL, TpmEccCurve.NIST_P384, TpmScheme.NULL),
                new TpmsEccPoint(new byte[0], new byte[0]));
    }
}
