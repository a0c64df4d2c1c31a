package io.edgeprov.contracts.device;

/** The seven messages of contract v1; {@link #fileName()} is the base name of its golden vectors. */
public enum MessageType {
    ATTESTATION_BEGIN("attestation-begin"),
    CHALLENGE("challenge"),
    ATTESTATION_FINISH("attestation-finish"),
    CREDENTIAL_BUNDLE("credential-bundle"),
    RENEW_REQUEST("renew-request"),
    REVOCATION_NOTICE("revocation-notice"),
    REJECTION("rejection");

    private final String fileName;

    MessageType(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
