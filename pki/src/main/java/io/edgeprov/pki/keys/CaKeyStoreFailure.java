package io.edgeprov.pki.keys;

/** Why a CA key could not be loaded, stored or used: one value per distinct operator fix. */
public enum CaKeyStoreFailure {
    /** No more precise reason was given (the seam's original constructors). */
    UNSPECIFIED,
    /** The passphrase file or environment variable does not exist or is unset. */
    PASSPHRASE_MISSING,
    /** The passphrase file or environment variable is empty. */
    PASSPHRASE_EMPTY,
    /** The passphrase file can be read by group or others. */
    PASSPHRASE_FILE_TOO_OPEN,
    /** The passphrase file exists but could not be read. */
    PASSPHRASE_UNREADABLE,
    /** The key store file does not exist. */
    STORE_FILE_MISSING,
    /** The key store file exists but could not be read. */
    STORE_FILE_UNREADABLE,
    /** The key store file is not a well-formed PKCS#12 structure. */
    STORE_MALFORMED,
    /** The passphrase does not open the key store. */
    WRONG_PASSPHRASE,
    /** The key store holds no private key entry (or not the one asked for). */
    NO_KEY_ENTRY,
    /** The key store holds several private keys and none was chosen by alias. */
    AMBIGUOUS_KEY_ENTRY,
    /** The key store holds a key but no certificate for it. */
    NO_CERTIFICATE,
    /** The first certificate of the chain does not belong to the private key. */
    CHAIN_KEY_MISMATCH,
    /** The key algorithm is not one a CA signs with here. */
    UNSUPPORTED_KEY,
    /** The key store file could not be written. */
    WRITE_FAILED,
    /** The PKCS#11 library could not be loaded or the token is absent. */
    TOKEN_UNAVAILABLE,
    /** The token refused the PIN or the login. */
    LOGIN_FAILED,
    /** A signature could not be made, even after re-opening the session once. */
    SIGNING_FAILED,
    /** A key pair could not be generated or stored on the token. */
    KEY_GENERATION_FAILED
}
