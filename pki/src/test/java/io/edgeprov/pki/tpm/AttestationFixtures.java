package io.edgeprov.pki.tpm;

import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.FIXED_PARENT;
import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.FIXED_TPM;
import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.RESTRICTED;
import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.SENSITIVE_DATA_ORIGIN;
import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.SIGN_ENCRYPT;
import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.USER_WITH_AUTH;

/** Attribute sets a real TPM gives an AK and a device key. */
final class AttestationFixtures {
    private AttestationFixtures() {
    }

    static ObjectAttributes akAttributes() {
        return ObjectAttributes.of(FIXED_TPM, FIXED_PARENT, SENSITIVE_DATA_ORIGIN, USER_WITH_AUTH, RESTRICTED, SIGN_ENCRYPT);
    }

    static ObjectAttributes deviceKeyAttributes() {
        return ObjectAttributes.of(FIXED_TPM, FIXED_PARENT, SENSITIVE_DATA_ORIGIN, USER_WITH_AUTH, SIGN_ENCRYPT);
    }
}
