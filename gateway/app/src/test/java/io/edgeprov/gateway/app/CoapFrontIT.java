package io.edgeprov.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.CoapPaths;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.app.cli.CliRun;
import io.edgeprov.gateway.app.cli.GivenGateway;
import io.edgeprov.gateway.app.coap.CoapDevices;
import io.edgeprov.gateway.app.coap.DtlsCoapClient;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.sim.tpm.SoftwareTpm;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One gateway with its CoAP front end on, probed with Californium's own DTLS client. */
class CoapFrontIT {
    @TempDir
    static Path folder;
    static RunningGateway running;
    static InetSocketAddress coap;

    @BeforeAll
    static void given_a_running_gateway_with_coap() throws Exception {
        running = RunningGateway.startIn(folder.resolve("gw"));
        coap = new InetSocketAddress("127.0.0.1", running.application().coapPort());
    }

    @AfterAll
    static void stop_the_gateway() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void crts_is_the_ca_chain_as_pkcs7_by_default_and_the_gateway_ca_as_287_on_request() throws Exception {
        try (DtlsCoapClient client = DtlsCoapClient.anonymous(coap, running.gatewayCa())) {
            CoapResponse pkcs7 = client.get(CoapPaths.CA_CERTS, Optional.empty());
            CoapResponse single = client.get(CoapPaths.CA_CERTS, Optional.of(CoapPaths.CF_PKIX_CERT));

            assertThat(pkcs7.getCode()).isEqualTo(ResponseCode.CONTENT);
            assertThat(pkcs7.getOptions().getContentFormat()).isEqualTo(CoapPaths.CF_PKCS7_CERTS_ONLY);
            List<java.security.cert.Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pkcs7.getPayload())));
            // PKCS#7 holds a SET OF certificates: DER sorts them, so only the members are fixed.
            assertThat(chain).containsExactlyInAnyOrderElementsOf(List.<java.security.cert.Certificate>copyOf(
                    running.caStore().certificateChain()));
            assertThat(single.getOptions().getContentFormat()).isEqualTo(CoapPaths.CF_PKIX_CERT);
            assertThat(single.getPayload()).isEqualTo(running.gatewayCa().getEncoded());
        }
    }

    @Test
    void well_known_core_lists_the_est_resources_with_their_resource_types() throws Exception {
        try (DtlsCoapClient client = DtlsCoapClient.anonymous(coap, running.gatewayCa())) {
            String links = client.get("/.well-known/core", Optional.empty()).getResponseText();

            for (String path : CoapPaths.ALL) {
                assertThat(links).contains("<" + path + ">").contains("rt=\"" + CoapPaths.resourceType(path).orElseThrow() + "\"");
            }
            assertThat(links).contains("ace.est.crts", "ace.est.sen", "ace.est.sren")
                    .contains("</.well-known/est/crts>;ct=\"281 287\";rt=\"ace.est.crts\"");
        }
    }

    @Test
    void a_device_without_a_certificate_enrolls_over_attb_and_sen() throws Exception {
        String id = "coap-enroll-1";
        SoftwareTpm tpm = CoapDevices.allowed(running.application().registry(), id);
        try (DtlsCoapClient client = DtlsCoapClient.anonymous(coap, running.gatewayCa())) {
            CoapResponse begun = client.post(CoapPaths.ATTEST_BEGIN, CoapDevices.begin(tpm, id), CoapPaths.CF_CBOR, Optional.empty());
            assertThat(begun.getCode()).as(begun.getResponseText()).isEqualTo(ResponseCode.CHANGED);
            Challenge challenge = CoapDevices.CBOR.decodeChallenge(begun.getPayload()).decoded().orElseThrow();

            CoapResponse finished = client.post(CoapPaths.SIMPLE_ENROLL, CoapDevices.finish(tpm, id, challenge), CoapPaths.CF_CBOR,
                    Optional.empty());

            assertThat(finished.getCode()).isEqualTo(ResponseCode.CHANGED);
            assertThat(finished.getOptions().getContentFormat()).isEqualTo(CoapPaths.CF_CBOR);
            CredentialBundle bundle = CoapDevices.CBOR.decodeCredentialBundle(finished.getPayload()).decoded().orElseThrow();
            X509Certificate issued = certificate(bundle.certificate());
            issued.verify(running.gatewayCa().getPublicKey());
            assertThat(issued.getSubjectAlternativeNames().toString()).contains("/device/" + id);
        }
    }

    @Test
    void a_device_renews_over_sren_with_cbor_and_with_a_bare_csr() throws Exception {
        GivenGateway.Device device = recorded("coap-renew-1");
        try (DtlsCoapClient client = DtlsCoapClient.withCertificate(coap, running.gatewayCa(), device.key(), device.chain())) {
            byte[] csr = CoapDevices.csr(device.id(), device.chain().get(0), device.key());

            CoapResponse cbor = client.post(CoapPaths.SIMPLE_REENROLL, CoapDevices.CBOR.encode(new RenewRequest(new ClientToken("r1"),
                    csr, Optional.empty())), CoapPaths.CF_CBOR, Optional.empty());
            CoapResponse der = client.post(CoapPaths.SIMPLE_REENROLL, csr, CoapPaths.CF_PKCS10, Optional.empty());
            CoapResponse pkcs7 = client.post(CoapPaths.SIMPLE_REENROLL, csr, CoapPaths.CF_PKCS10,
                    Optional.of(CoapPaths.CF_PKCS7_CERTS_ONLY));

            assertThat(cbor.getCode()).as(cbor.getResponseText()).isEqualTo(ResponseCode.CHANGED);
            CredentialBundle bundle = CoapDevices.CBOR.decodeCredentialBundle(cbor.getPayload()).decoded().orElseThrow();
            assertThat(certificate(bundle.certificate()).getPublicKey()).isEqualTo(device.chain().get(0).getPublicKey());
            assertThat(der.getCode()).isEqualTo(ResponseCode.CHANGED);
            assertThat(der.getOptions().getContentFormat()).isEqualTo(CoapPaths.CF_PKIX_CERT);
            certificate(der.getPayload()).verify(running.gatewayCa().getPublicKey());
            assertThat(pkcs7.getOptions().getContentFormat()).isEqualTo(CoapPaths.CF_PKCS7_CERTS_ONLY);
            assertThat(CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pkcs7.getPayload())))
                    .hasSize(1 + running.caStore().certificateChain().size());
        }
    }

    @Test
    void sren_without_a_certificate_is_4_01_with_not_authorized() throws Exception {
        GivenGateway.Device device = recorded("coap-renew-anon");
        try (DtlsCoapClient client = DtlsCoapClient.anonymous(coap, running.gatewayCa())) {
            CoapResponse response = client.post(CoapPaths.SIMPLE_REENROLL, CoapDevices.csr(device.id(), device.chain().get(0),
                    device.key()), CoapPaths.CF_PKCS10, Optional.empty());

            assertThat(response.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
            assertThat(rejection(response).code()).isEqualTo(WireErrorCode.NOT_AUTHORIZED);
        }
    }

    @Test
    void a_revoked_device_loses_its_session_and_cannot_handshake_again() throws Exception {
        GivenGateway.Device device = recorded("coap-revoked-1");
        try (DtlsCoapClient client = DtlsCoapClient.withCertificate(coap, running.gatewayCa(), device.key(), device.chain())) {
            assertThat(client.get(CoapPaths.CA_CERTS, Optional.empty()).getCode()).isEqualTo(ResponseCode.CONTENT);
            byte[] csr = CoapDevices.csr(device.id(), device.chain().get(0), device.key());

            running.application().revocation().revokeDevice(new Principal.LocalAdministrator("test"), device.id(),
                    RevocationReason.KEY_COMPROMISE);

            assertThat(client.awaitSessionClosed(java.time.Duration.ofSeconds(5))).as("close_notify from the gateway").isTrue();
            assertThatThrownBy(() -> client.post(CoapPaths.SIMPLE_REENROLL, csr, CoapPaths.CF_PKCS10, Optional.empty()))
                    .as("a new handshake with the revoked certificate fails with the alert that says so")
                    .hasMessageContaining("CERTIFICATE_REVOKED");
        }
    }

    @Test
    void a_device_revoked_by_the_cli_beside_the_gateway_loses_its_session_within_the_revocation_watch() throws Exception {
        GivenGateway.Device device = recorded("coap-revoked-cli");
        try (DtlsCoapClient client = DtlsCoapClient.withCertificate(coap, running.gatewayCa(), device.key(), device.chain())) {
            assertThat(client.get(CoapPaths.CA_CERTS, Optional.empty()).getCode()).isEqualTo(ResponseCode.CONTENT);

            CliRun.Outcome revoked = CliRun.run("revoke", "--config", folder.resolve("gw").resolve("gateway.yaml").toString(),
                    "--device", device.id(), "--reason", "keyCompromise");

            assertThat(revoked.exit()).as(revoked.all()).isZero();
            assertThat(client.awaitSessionClosed(java.time.Duration.ofSeconds(5))).as("close_notify from the gateway").isTrue();
        }
    }

    @Test
    void bad_requests_get_the_right_codes_and_a_rejection_body() throws Exception {
        try (DtlsCoapClient client = DtlsCoapClient.anonymous(coap, running.gatewayCa())) {
            CoapResponse malformed = client.post(CoapPaths.ATTEST_BEGIN, new byte[] {(byte) 0xa1, 0x61}, CoapPaths.CF_CBOR,
                    Optional.empty());
            CoapResponse wrongFormat = client.post(CoapPaths.ATTEST_BEGIN, "{}".getBytes(), 50, Optional.empty());
            CoapResponse wrongAccept = client.post(CoapPaths.ATTEST_BEGIN, new byte[] {(byte) 0xa0}, CoapPaths.CF_CBOR,
                    Optional.of(CoapPaths.CF_PKIX_CERT));
            CoapResponse noDeviceId = client.post(CoapPaths.ATTEST_BEGIN, CoapDevices.CBOR.encode(
                    new io.edgeprov.contracts.device.AttestationBegin(CoapDevices.TOKEN, new byte[] {1}, Optional.empty(),
                            new byte[] {2})), CoapPaths.CF_CBOR, Optional.empty());
            CoapResponse crtsAccept = client.get(CoapPaths.CA_CERTS, Optional.of(CoapPaths.CF_CBOR));
            CoapResponse unknown = client.get("/.well-known/est/nope", Optional.empty());
            CoapResponse postToCrts = client.post(CoapPaths.CA_CERTS, new byte[] {1}, CoapPaths.CF_CBOR, Optional.empty());

            assertThat(malformed.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
            assertThat(rejection(malformed).code()).isEqualTo(WireErrorCode.MALFORMED_MESSAGE);
            assertThat(wrongFormat.getCode()).isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
            assertThat(rejection(wrongFormat).code()).isEqualTo(WireErrorCode.MALFORMED_MESSAGE);
            assertThat(wrongAccept.getCode()).isEqualTo(ResponseCode.NOT_ACCEPTABLE);
            assertThat(noDeviceId.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
            assertThat(rejection(noDeviceId).clientToken()).isEqualTo(CoapDevices.TOKEN);
            assertThat(rejection(noDeviceId).reason()).contains("deviceId");
            assertThat(crtsAccept.getCode()).isEqualTo(ResponseCode.NOT_ACCEPTABLE);
            assertThat(unknown.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
            assertThat(postToCrts.getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        }
    }

    @Test
    void the_crl_is_served_as_der() throws Exception {
        try (DtlsCoapClient client = DtlsCoapClient.anonymous(coap, running.gatewayCa())) {
            CoapResponse response = client.get(CoapPaths.CRL, Optional.empty());

            assertThat(response.getCode()).isEqualTo(ResponseCode.CONTENT);
            assertThat(response.getOptions().getContentFormat()).isEqualTo(CoapPaths.CF_OCTET_STREAM);
            ((java.security.cert.X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(response.getPayload())))
                    .verify(running.gatewayCa().getPublicKey());
        }
    }

    static GivenGateway.Device recorded(String id) throws Exception {
        GivenGateway.Device device = GivenGateway.deviceCertificate(running.caStore(), id);
        GivenGateway.recordIn(running.application().registry(), device);
        return device;
    }

    static Rejection rejection(CoapResponse response) {
        assertThat(response.getOptions().getContentFormat()).isEqualTo(CoapPaths.CF_CBOR);
        return CoapDevices.CBOR.decodeRejection(response.getPayload()).decoded().orElseThrow();
    }

    static X509Certificate certificate(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }
}
