package io.edgeprov.pki.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.InvalidKeyException;
import java.security.ProviderException;
import java.security.SignatureException;
import org.junit.jupiter.api.Test;

class Pkcs11FailuresTest {

    /** What SunPKCS11 throws: a ProviderException around an exception whose message is the CKR_ name. */
    private static ProviderException sunPkcs11Failure(String code) {
        return new ProviderException("Initialization failed", new RuntimeException(code));
    }

    @Test
    void reads_the_return_code_from_the_cause_chain() {
        assertThat(Pkcs11Failures.code(sunPkcs11Failure("CKR_SESSION_HANDLE_INVALID"))).contains("CKR_SESSION_HANDLE_INVALID");
    }

    @Test
    void an_invalid_session_handle_is_a_session_failure() {
        assertThat(Pkcs11Failures.isSessionFailure(sunPkcs11Failure("CKR_SESSION_HANDLE_INVALID"))).isTrue();
    }

    @Test
    void a_logged_out_user_is_a_session_failure() {
        assertThat(Pkcs11Failures.isSessionFailure(new SignatureException(sunPkcs11Failure("CKR_USER_NOT_LOGGED_IN")))).isTrue();
    }

    @Test
    void a_removed_device_is_a_session_failure() {
        assertThat(Pkcs11Failures.isSessionFailure(sunPkcs11Failure("CKR_DEVICE_REMOVED"))).isTrue();
    }

    @Test
    void an_absent_token_is_a_session_failure() {
        assertThat(Pkcs11Failures.isSessionFailure(sunPkcs11Failure("CKR_TOKEN_NOT_PRESENT"))).isTrue();
    }

    @Test
    void a_key_handle_lost_with_the_login_is_a_session_failure() {
        assertThat(Pkcs11Failures.isSessionFailure(new InvalidKeyException(sunPkcs11Failure("CKR_OBJECT_HANDLE_INVALID")))).isTrue();
    }

    @Test
    void sunpkcs11s_own_token_removed_message_is_a_session_failure() {
        assertThat(Pkcs11Failures.isSessionFailure(new ProviderException("Token has been removed"))).isTrue();
    }

    @Test
    void a_mechanism_the_token_lacks_is_not_a_session_failure() {
        assertThat(Pkcs11Failures.isSessionFailure(sunPkcs11Failure("CKR_MECHANISM_INVALID"))).isFalse();
    }

    @Test
    void a_failure_without_a_return_code_is_not_a_session_failure() {
        assertThat(Pkcs11Failures.isSessionFailure(new SignatureException("bad input"))).isFalse();
    }

    @Test
    void describe_prefers_the_return_code_over_the_class() {
        assertThat(Pkcs11Failures.describe(sunPkcs11Failure("CKR_PIN_INCORRECT"))).isEqualTo("CKR_PIN_INCORRECT");
    }

    @Test
    void describe_falls_back_to_the_class_name() {
        assertThat(Pkcs11Failures.describe(new SignatureException("whatever"))).isEqualTo("SignatureException");
    }
}
