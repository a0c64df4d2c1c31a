package io.edgeprov.contracts.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CoapPathsTest {

    @Test
    void est_resources_use_the_rfc_9148_short_names() {
        assertThat(CoapPaths.CA_CERTS).isEqualTo("/.well-known/est/crts");
        assertThat(CoapPaths.SIMPLE_ENROLL).isEqualTo("/.well-known/est/sen");
        assertThat(CoapPaths.SIMPLE_REENROLL).isEqualTo("/.well-known/est/sren");
    }

    @Test
    void attestation_begin_does_not_take_the_csrattrs_name() {
        assertThat(CoapPaths.ATTEST_BEGIN).isEqualTo("/.well-known/est/attb").isNotEqualTo("/.well-known/est/att");
    }

    @Test
    void all_lists_every_resource_once() {
        assertThat(CoapPaths.ALL).doesNotHaveDuplicates().containsExactlyInAnyOrder(CoapPaths.CA_CERTS,
                CoapPaths.ATTEST_BEGIN, CoapPaths.SIMPLE_ENROLL, CoapPaths.SIMPLE_REENROLL, CoapPaths.CRL);
    }

    @Test
    void segments_split_a_path_into_uri_path_options() {
        assertThat(CoapPaths.segments(CoapPaths.CA_CERTS)).containsExactly(".well-known", "est", "crts");
    }

    @Test
    void segments_refuse_a_relative_path() {
        assertThatThrownBy(() -> CoapPaths.segments("est/crts")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void post_resources_name_their_cbor_request_message() {
        assertThat(CoapPaths.requestBody(CoapPaths.ATTEST_BEGIN)).contains(MessageType.ATTESTATION_BEGIN);
        assertThat(CoapPaths.requestBody(CoapPaths.SIMPLE_ENROLL)).contains(MessageType.ATTESTATION_FINISH);
        assertThat(CoapPaths.requestBody(CoapPaths.SIMPLE_REENROLL)).contains(MessageType.RENEW_REQUEST);
    }

    @Test
    void attestation_bodies_must_carry_the_device_id() {
        assertThat(CoapPaths.requiresDeviceId(CoapPaths.ATTEST_BEGIN)).isTrue();
        assertThat(CoapPaths.requiresDeviceId(CoapPaths.SIMPLE_ENROLL)).isTrue();
    }

    @Test
    void renewal_body_needs_no_device_id_because_the_dtls_certificate_names_the_device() {
        assertThat(CoapPaths.requiresDeviceId(CoapPaths.SIMPLE_REENROLL)).isFalse();
    }

    @Test
    void get_resources_need_no_device_id() {
        assertThat(CoapPaths.requiresDeviceId(CoapPaths.CA_CERTS)).isFalse();
        assertThat(CoapPaths.requiresDeviceId(CoapPaths.CRL)).isFalse();
    }

    @Test
    void unknown_paths_need_no_device_id() {
        assertThat(CoapPaths.requiresDeviceId("/.well-known/est/att")).isFalse();
        assertThat(CoapPaths.requiresDeviceId("/.well-known/est/attb/")).isFalse();
        assertThat(CoapPaths.requiresDeviceId(null)).isFalse();
    }

    @Test
    void get_resources_take_no_request_body() {
        assertThat(CoapPaths.requestBody(CoapPaths.CA_CERTS)).isEmpty();
        assertThat(CoapPaths.requestBody(CoapPaths.CRL)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void every_resource_has_a_resource_type_and_est_functions_keep_rfc_9148_names() {
        for (String path : CoapPaths.ALL) {
            org.assertj.core.api.Assertions.assertThat(CoapPaths.resourceType(path)).as(path).isPresent();
        }
        org.assertj.core.api.Assertions.assertThat(CoapPaths.resourceType(CoapPaths.CA_CERTS)).contains("ace.est.crts");
        org.assertj.core.api.Assertions.assertThat(CoapPaths.resourceType(CoapPaths.SIMPLE_ENROLL)).contains("ace.est.sen");
        org.assertj.core.api.Assertions.assertThat(CoapPaths.resourceType(CoapPaths.SIMPLE_REENROLL)).contains("ace.est.sren");
        org.assertj.core.api.Assertions.assertThat(CoapPaths.resourceType("/.well-known/est/att")).isEmpty();
        org.assertj.core.api.Assertions.assertThat(CoapPaths.resourceType(null)).isEmpty();
        org.assertj.core.api.Assertions.assertThat(java.util.List.of(CoapPaths.CF_PKCS10, CoapPaths.CF_PKIX_CERT))
                .containsExactly(286, 287);
    }
}
