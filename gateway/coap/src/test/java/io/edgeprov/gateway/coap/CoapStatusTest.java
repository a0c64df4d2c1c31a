package io.edgeprov.gateway.coap;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.core.enrollment.EnrollmentRefusal;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CoapStatusTest {
    private static final Set<ResponseCode> REFUSAL_CODES = EnumSet.of(ResponseCode.BAD_REQUEST, ResponseCode.UNAUTHORIZED,
            ResponseCode.FORBIDDEN, ResponseCode.SERVICE_UNAVAILABLE, ResponseCode.INTERNAL_SERVER_ERROR);

    @ParameterizedTest
    @EnumSource(EnrollmentRefusal.class)
    void every_refusal_cause_has_an_error_response_code(EnrollmentRefusal cause) {
        assertThat(CoapStatus.of(cause)).isIn(REFUSAL_CODES);
    }

    @ParameterizedTest
    @EnumSource(EnrollmentRefusal.class)
    void a_cause_and_its_wire_code_map_to_the_same_class_of_answer(EnrollmentRefusal cause) {
        // A refusal the port made (wire code only) is answered like the use case's refusal with that code,
        // except where the cause says more than the code (an untrusted EK certificate is forbidden, not bad).
        if (cause != EnrollmentRefusal.EK_CERTIFICATE_UNTRUSTED && cause != EnrollmentRefusal.EK_NOT_STORAGE_KEY
                && cause != EnrollmentRefusal.CERTIFICATE_UNKNOWN && cause != EnrollmentRefusal.DEVICE_NOT_ACTIVE) {
            assertThat(CoapStatus.of(cause)).as(cause.name()).isEqualTo(CoapStatus.of(cause.wireCode()));
        }
    }

    @ParameterizedTest
    @EnumSource(WireErrorCode.class)
    void every_wire_code_has_an_error_response_code(WireErrorCode code) {
        assertThat(CoapStatus.of(code)).isIn(REFUSAL_CODES);
    }

    @Test
    void the_content_of_the_request_is_4_00() {
        assertThat(CoapStatus.of(WireErrorCode.MALFORMED_MESSAGE)).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(CoapStatus.of(EnrollmentRefusal.SECRET_PROOF_INVALID)).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(CoapStatus.of(EnrollmentRefusal.CSR_KEY_MISMATCH)).isEqualTo(ResponseCode.BAD_REQUEST);
    }

    @Test
    void a_missing_or_stale_certificate_is_4_01_and_what_no_certificate_fixes_is_4_03() {
        assertThat(CoapStatus.of(WireErrorCode.NOT_AUTHORIZED)).isEqualTo(ResponseCode.UNAUTHORIZED);
        assertThat(CoapStatus.of(EnrollmentRefusal.CERTIFICATE_EXPIRED)).isEqualTo(ResponseCode.UNAUTHORIZED);
        assertThat(CoapStatus.of(EnrollmentRefusal.DEVICE_REVOKED)).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(CoapStatus.of(EnrollmentRefusal.CERTIFICATE_REVOKED)).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(CoapStatus.of(EnrollmentRefusal.NOT_ENROLLED)).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(CoapStatus.of(EnrollmentRefusal.DEVICE_MISMATCH)).isEqualTo(ResponseCode.FORBIDDEN);
    }

    @Test
    void rate_limits_are_5_03_and_failures_5_00() {
        assertThat(CoapStatus.of(EnrollmentRefusal.RATE_LIMITED)).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(CoapStatus.of(WireErrorCode.RATE_LIMITED)).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(CoapStatus.of(EnrollmentRefusal.INTERNAL_ERROR)).isEqualTo(ResponseCode.INTERNAL_SERVER_ERROR);
    }
}
