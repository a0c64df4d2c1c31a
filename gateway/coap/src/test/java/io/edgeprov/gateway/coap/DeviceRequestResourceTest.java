package io.edgeprov.gateway.coap;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.codec.CborDeviceCodec;
import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.CoapPaths;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.core.device.DeviceAnswer;
import io.edgeprov.gateway.core.device.DevicePort;
import io.edgeprov.gateway.core.device.DeviceRequest;
import io.edgeprov.gateway.core.enrollment.EnrollmentRefusal;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The request resources over plain CoAP on loopback (no DTLS, so no peer certificate) with a scripted
 * device port: every path from the options to the answer, without a gateway.
 */
class DeviceRequestResourceTest {
    private static final CborDeviceCodec CBOR = new CborDeviceCodec();
    private static final ClientToken TOKEN = new ClientToken("unit-1");

    private final List<ClientIdentity> peers = new CopyOnWriteArrayList<>();
    private final List<DeviceRequest> requests = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(1);
    private final List<CoapEndpoint> clientEndpoints = new CopyOnWriteArrayList<>();
    private CoapServer server;
    private int port;

    private void given(Function<DeviceRequest, CompletableFuture<DeviceAnswer>> answers, int maxInFlight) throws Exception {
        Configuration configuration = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        server = new CoapServer(configuration);
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(configuration)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        server.addEndpoint(endpoint);
        DevicePort port = new DevicePort() {
            @Override
            public CompletableFuture<DeviceAnswer> handle(ClientIdentity peer, DeviceRequest request) {
                peers.add(peer);
                requests.add(request);
                reached.countDown();
                return answers.apply(request);
            }

            @Override
            public DeviceAnswer.Refused refuse(ClientToken token, WireErrorCode code, String reason) {
                return new DeviceAnswer.Refused(new Rejection(token, code, reason), Optional.empty(), List.of());
            }
        };
        Answers answersOut = new Answers(CBOR, CoapMetrics.uncounted(), Duration.ofSeconds(3));
        RequestGate gate = new RequestGate(source -> true, kind -> { }, maxInFlight);
        CoapResource est = new CoapResource("est");
        for (DeviceRequestResource.Kind kind : DeviceRequestResource.Kind.values()) {
            est.add(new DeviceRequestResource(kind, port, answersOut, gate, Runnable::run, new SessionControl(16), new SecureRandom()));
        }
        server.getRoot().getChild(".well-known").add(est);
        server.start();
        this.port = endpoint.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        clientEndpoints.forEach(CoapEndpoint::destroy);
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    void a_good_begin_reaches_the_port_as_the_device_it_names_and_a_refusal_maps_its_cause() throws Exception {
        given(request -> CompletableFuture.completedFuture(new DeviceAnswer.Refused(new Rejection(TOKEN,
                WireErrorCode.NOT_ENROLLED, "no enrollment allows this device"), Optional.of(EnrollmentRefusal.NOT_ENROLLED),
                List.of())), 8);

        CoapResponse response = post(CoapPaths.ATTEST_BEGIN, begin(Optional.of("dev-1")), CoapPaths.CF_CBOR);

        assertThat(response.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(rejection(response)).isEqualTo(new Rejection(TOKEN, WireErrorCode.NOT_ENROLLED, "no enrollment allows this device"));
        assertThat(peers).containsExactly(new ClientIdentity.Unenrolled("dev-1"));
        assertThat(requests.get(0)).isInstanceOf(DeviceRequest.Begin.class);
    }

    @Test
    void malformed_cbor_is_4_00_naming_the_field_and_never_reaches_the_port() throws Exception {
        given(request -> { throw new AssertionError("must not be called"); }, 8);

        CoapResponse notAMap = post(CoapPaths.ATTEST_BEGIN, new byte[] {0x01}, CoapPaths.CF_CBOR);
        CoapResponse truncated = post(CoapPaths.SIMPLE_ENROLL, new byte[] {(byte) 0xa2, 0x61, 0x61}, CoapPaths.CF_CBOR);
        CoapResponse emptyBody = post(CoapPaths.SIMPLE_REENROLL, new byte[0], CoapPaths.CF_CBOR);

        for (CoapResponse response : List.of(notAMap, truncated, emptyBody)) {
            assertThat(response.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
            assertThat(rejection(response).code()).isEqualTo(WireErrorCode.MALFORMED_MESSAGE);
        }
        assertThat(rejection(notAMap).reason()).startsWith("field ");
        assertThat(requests).isEmpty();
    }

    @Test
    void a_begin_without_device_id_is_4_00_with_its_token() throws Exception {
        given(request -> { throw new AssertionError("must not be called"); }, 8);

        CoapResponse response = post(CoapPaths.ATTEST_BEGIN, begin(Optional.empty()), CoapPaths.CF_CBOR);

        assertThat(response.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(rejection(response).clientToken()).isEqualTo(TOKEN);
        assertThat(rejection(response).reason()).contains("deviceId");
    }

    @Test
    void a_renewal_without_a_dtls_certificate_is_4_01_and_never_reaches_the_port() throws Exception {
        given(request -> { throw new AssertionError("must not be called"); }, 8);

        CoapResponse response = post(CoapPaths.SIMPLE_REENROLL, new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}, CoapPaths.CF_PKCS10);

        assertThat(response.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        assertThat(rejection(response).code()).isEqualTo(WireErrorCode.NOT_AUTHORIZED);
    }

    @Test
    void wrong_content_formats_are_4_15_and_286_only_on_sren() throws Exception {
        given(request -> { throw new AssertionError("must not be called"); }, 8);

        assertThat(post(CoapPaths.ATTEST_BEGIN, new byte[] {(byte) 0xa0}, 50).getCode())
                .isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
        assertThat(post(CoapPaths.SIMPLE_ENROLL, new byte[] {0x30}, CoapPaths.CF_PKCS10).getCode())
                .isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
        Request noFormat = Request.newPost();
        noFormat.setPayload(new byte[] {(byte) 0xa0});
        assertThat(send(CoapPaths.ATTEST_BEGIN, noFormat).getCode()).isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
    }

    @Test
    void with_every_worker_busy_a_request_is_5_03_with_max_age() throws Exception {
        CompletableFuture<DeviceAnswer> never = new CompletableFuture<>();
        given(request -> never, 1);
        CoapClient first = client(CoapPaths.ATTEST_BEGIN);
        first.advanced(new org.eclipse.californium.core.CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
            }

            @Override
            public void onError() {
            }
        }, cbor(begin(Optional.of("dev-1"))));
        awaitOneRequest();

        CoapResponse busy = post(CoapPaths.ATTEST_BEGIN, begin(Optional.of("dev-2")), CoapPaths.CF_CBOR);

        assertThat(busy.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(busy.getOptions().getMaxAge()).isEqualTo(3L);
        assertThat(rejection(busy).code()).isEqualTo(WireErrorCode.RATE_LIMITED);
        never.complete(new DeviceAnswer.Refused(new Rejection(TOKEN, WireErrorCode.INTERNAL_ERROR, "stop"), Optional.empty(),
                List.of()));
        first.shutdown();
    }

    private void awaitOneRequest() throws InterruptedException {
        assertThat(reached.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the first request reached the port").isTrue();
    }

    private static byte[] begin(Optional<String> deviceId) {
        return CBOR.encode(new AttestationBegin(TOKEN, new byte[] {1, 2}, Optional.empty(), new byte[] {3, 4},
                deviceId.map(DeviceId::new)));
    }

    private static Request cbor(byte[] payload) {
        Request request = Request.newPost();
        request.setPayload(payload);
        request.getOptions().setContentFormat(CoapPaths.CF_CBOR);
        return request;
    }

    private CoapResponse post(String path, byte[] payload, int format) throws Exception {
        Request request = Request.newPost();
        request.setPayload(payload);
        request.getOptions().setContentFormat(format);
        return send(path, request);
    }

    private CoapResponse send(String path, Request request) throws Exception {
        CoapClient client = client(path);
        try {
            return client.advanced(request);
        } finally {
            client.shutdown();
        }
    }

    private CoapClient client(String path) {
        // An explicit endpoint: CoapClient's default one would come from Configuration.getStandard(), which
        // writes Californium3.properties into the working folder.
        CoapEndpoint endpoint = new CoapEndpoint.Builder()
                .setConfiguration(new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS))
                .build();
        clientEndpoints.add(endpoint);
        CoapClient client = new CoapClient("coap://127.0.0.1:" + port + path);
        client.setEndpoint(endpoint);
        client.setTimeout(5_000L);
        return client;
    }

    private static Rejection rejection(CoapResponse response) {
        assertThat(response.getOptions().getContentFormat()).isEqualTo(CoapPaths.CF_CBOR);
        return CBOR.decodeRejection(response.getPayload()).decoded().orElseThrow();
    }
}
