package io.edgeprov.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.CoapPaths;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.app.cli.GivenGateway;
import io.edgeprov.gateway.app.coap.ClientHellos;
import io.edgeprov.gateway.app.coap.CoapDevices;
import io.edgeprov.gateway.app.coap.DtlsCoapClient;
import io.edgeprov.gateway.app.coap.RawDtlsCoap;
import io.edgeprov.gateway.app.coap.UdpRelay;
import io.edgeprov.gateway.app.config.GatewayConfig;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CoAP front end under abuse and network trouble: oversized and half-sent block-wise bodies, a flood
 * of ClientHellos, a NAT that rebinds mid-session, a source over its rate limit. After each, the gateway
 * is healthy and a well-behaved device still gets through. The per-source limit is lowered to
 * {@value #PER_SOURCE} device requests a minute, so the rate test runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoapResilienceIT {
    private static final int PER_SOURCE = 12;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path folder;
    static RunningGateway running;
    static InetSocketAddress coap;

    @BeforeAll
    static void given_a_running_gateway_with_a_low_per_source_limit() throws Exception {
        running = RunningGateway.startIn(folder.resolve("gw"), config -> new GatewayConfig(config.gatewayId(),
                config.dataDir(), config.fleet(), config.caKey(), config.certificates(), config.enrollment(), config.mqtt(),
                config.http(), new GatewayConfig.RateLimits(1_000, PER_SOURCE), config.upstream(), config.coap()));
        coap = new InetSocketAddress("127.0.0.1", running.application().coapPort());
    }

    @AfterAll
    static void stop_the_gateway() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    @Order(1)
    void a_body_over_the_limit_is_4_13_and_a_block_wise_transfer_abandoned_half_way_does_no_harm() throws Exception {
        try (DtlsCoapClient client = DtlsCoapClient.anonymous(coap, running.gatewayCa())) {
            CoapResponse tooLarge = client.post(CoapPaths.ATTEST_BEGIN, new byte[70_000], CoapPaths.CF_CBOR, Optional.empty());
            assertThat(tooLarge.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);

        }
        try (RawDtlsCoap raw = new RawDtlsCoap(coap, running.gatewayCa())) {
            Request firstBlock = Request.newPost();
            firstBlock.getOptions().setUriPath(CoapPaths.ATTEST_BEGIN).setContentFormat(CoapPaths.CF_CBOR)
                    .setBlock1(new BlockOption(BlockOption.size2Szx(1024), true, 0)).setSize1(3 * 1024);
            firstBlock.setPayload(new byte[1024]);
            Message halfWay = raw.exchange(firstBlock);
            assertThat(halfWay).isInstanceOf(Response.class);
            assertThat(((Response) halfWay).getCode()).as("the first block is taken and the rest awaited")
                    .isEqualTo(ResponseCode.CONTINUE);
        }
        // The device went away mid-transfer; another one is answered, and the gateway stays healthy.
        thenAGoodDeviceGetsThrough();
    }

    @Test
    @Order(2)
    void a_flood_of_client_hellos_from_one_address_costs_no_state_and_a_good_device_gets_through() throws Exception {
        int answered = 0;
        try (DatagramSocket flood = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            flood.setSoTimeout(1);
            byte[] buffer = new byte[2048];
            for (int i = 0; i < 20_000; i++) {
                byte[] hello = ClientHellos.withoutCookie(i);
                flood.send(new DatagramPacket(hello, hello.length, coap));
                try {
                    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                    flood.receive(reply);
                    if (ClientHellos.isHelloVerifyRequest(reply.getData(), reply.getLength())) {
                        answered++;
                    }
                } catch (SocketTimeoutException e) {
                    // not every hello is answered while the flood lasts
                }
            }
        }

        assertThat(answered).as("the gateway answers a cookie-less ClientHello with a stateless HelloVerifyRequest").isPositive();
        thenAGoodDeviceGetsThrough();
    }

    @Test
    @Order(3)
    void a_device_whose_nat_rebinds_keeps_its_dtls_session_through_the_connection_id() throws Exception {
        GivenGateway.Device device = GivenGateway.deviceCertificate(running.caStore(), "coap-nat-1");
        GivenGateway.recordIn(running.application().registry(), device);
        try (UdpRelay nat = new UdpRelay(coap);
                DtlsCoapClient client = DtlsCoapClient.withCertificate(nat.address(), running.gatewayCa(), device.key(),
                        device.chain())) {
            CoapResponse before = client.get(CoapPaths.CA_CERTS, Optional.empty());
            assertThat(before.getCode()).isEqualTo(ResponseCode.CONTENT);
            int portBefore = nat.upstreamPort();

            nat.rebind();
            CoapResponse after = client.post(CoapPaths.SIMPLE_REENROLL, CoapDevices.csr(device.id(), device.chain().get(0),
                    device.key()), CoapPaths.CF_PKCS10, Optional.empty());

            assertThat(nat.upstreamPort()).isNotEqualTo(portBefore);
            assertThat(after).as("an answer through the new port").isNotNull();
            assertThat(after.getCode()).as("renewal on the session the certificate opened").isEqualTo(ResponseCode.CHANGED);
            assertThat(handshakeOf(after)).as("the same DTLS session, no new handshake").isEqualTo(handshakeOf(before));
        }
    }

    @Test
    @Order(4)
    void a_source_over_its_rate_limit_gets_5_03_with_max_age_and_a_rate_limited_rejection() throws Exception {
        List<CoapResponse> responses = new ArrayList<>();
        try (DtlsCoapClient client = DtlsCoapClient.anonymous(coap, running.gatewayCa())) {
            for (int i = 0; i < PER_SOURCE + 4; i++) {
                responses.add(client.post(CoapPaths.ATTEST_BEGIN, new byte[] {(byte) 0xa0}, CoapPaths.CF_CBOR, Optional.empty()));
            }
        }

        CoapResponse busy = responses.stream().filter(r -> r.getCode() == ResponseCode.SERVICE_UNAVAILABLE).findFirst()
                .orElseThrow(() -> new AssertionError("no 5.03 among " + responses.stream().map(CoapResponse::getCode).toList()));
        assertThat(busy.getOptions().getMaxAge()).isPositive();
        assertThat(CoapFrontIT.rejection(busy).code()).isEqualTo(WireErrorCode.RATE_LIMITED);
        assertThat(metrics()).contains("edgeprov_coap_requests_total{code=\"5.03\",resource=\"attb\"}")
                .contains("edgeprov_coap_refusals_total{code=\"rate_limited\",resource=\"attb\"}")
                .contains("edgeprov_coap_requests_total{code=\"2.05\",resource=\"crts\"}");
    }

    private static void thenAGoodDeviceGetsThrough() throws Exception {
        try (DtlsCoapClient client = DtlsCoapClient.anonymous(coap, running.gatewayCa())) {
            assertThat(client.get(CoapPaths.CA_CERTS, Optional.empty()).getCode()).isEqualTo(ResponseCode.CONTENT);
        }
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + running.application().httpPort() + "/health")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"coap\":\"UP\"");
    }

    private static Object handshakeOf(CoapResponse response) {
        return response.advanced().getSourceContext().get(DtlsEndpointContext.KEY_HANDSHAKE_TIMESTAMP);
    }

    private static String metrics() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.application().httpPort() + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
