package io.edgeprov.gateway.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.pki.CaHierarchy;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.GeneratedCa;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.crl.CrlBuilder;
import io.edgeprov.pki.crl.CrlReason;
import io.edgeprov.pki.crl.RevokedCertificate;
import io.edgeprov.pki.crl.SignedCrl;
import io.edgeprov.pki.keys.SoftwareCaKeyStore;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /crl} and {@code /crl.pem}: what relying parties fetch from a device certificate's distribution point. */
class HealthEndpointCrlTest {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicReference<Optional<SignedCrl>> current = new AtomicReference<>(Optional.empty());
    private SoftwareCaKeyStore ca;
    private HealthEndpoint endpoint;

    @BeforeEach
    void given_an_endpoint_and_a_ca() throws Exception {
        Clock clock = Clock.systemUTC();
        GeneratedCa root = new CaHierarchy(new FleetNaming("Acme", "acme.test"), BC, new SecureRandom(), clock)
                .createFleetRoot(KeyAlgorithm.EC_P256, Duration.ofDays(30));
        ca = new SoftwareCaKeyStore(root.keyPair().getPrivate(), List.of(root.certificate()), BC);
        endpoint = HealthEndpoint.start(HealthEndpoint.bind("127.0.0.1", 0), HttpLimits.DEFAULTS, new GatewayMetrics(), Map.of(),
                current::get);
    }

    @AfterEach
    void close_the_endpoint() {
        endpoint.close();
    }

    @Test
    void before_the_first_crl_is_signed_both_paths_answer_503_saying_so() throws Exception {
        for (String path : List.of("/crl", "/crl.pem")) {
            HttpResponse<String> answer = get(path, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(503);
            assertThat(answer.body()).contains("no CRL has been signed yet");
        }
    }

    @Test
    void the_crl_is_served_in_der_as_application_pkix_crl() throws Exception {
        SignedCrl crl = givenCrl(7, BigInteger.valueOf(4242));

        HttpResponse<byte[]> answer = get("/crl", HttpResponse.BodyHandlers.ofByteArray());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        assertThat(answer.headers().firstValue("ETag")).hasValue("\"crl-7\"");
        assertThat(answer.headers().firstValue("Last-Modified")).isPresent();
        assertThat(answer.body()).isEqualTo(crl.der());
        X509CRL parsed = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(answer.body()));
        parsed.verify(ca.publicKey());
    }

    @Test
    void the_crl_is_served_in_pem_too() throws Exception {
        SignedCrl crl = givenCrl(8, BigInteger.valueOf(77));

        HttpResponse<String> answer = get("/crl.pem", HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).startsWith("-----BEGIN X509 CRL-----\n").endsWith("-----END X509 CRL-----\n");
        X509CRL parsed = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(answer.body().getBytes(StandardCharsets.US_ASCII)));
        assertThat(parsed.getEncoded()).isEqualTo(crl.der());
    }

    @Test
    void a_newer_crl_replaces_the_one_served() throws Exception {
        givenCrl(9, BigInteger.valueOf(1));
        get("/crl", HttpResponse.BodyHandlers.ofByteArray());
        SignedCrl newer = givenCrl(10, BigInteger.valueOf(2));

        HttpResponse<byte[]> answer = get("/crl", HttpResponse.BodyHandlers.ofByteArray());

        assertThat(answer.body()).isEqualTo(newer.der());
        assertThat(answer.headers().firstValue("ETag")).hasValue("\"crl-a\"");
    }

    private SignedCrl givenCrl(long number, BigInteger revokedSerial) throws Exception {
        SignedCrl crl = new CrlBuilder(ca, Clock.systemUTC()).build(BigInteger.valueOf(number),
                List.of(new RevokedCertificate(revokedSerial, Clock.systemUTC().instant(), CrlReason.KEY_COMPROMISE)),
                Duration.ofHours(1));
        current.set(Optional.of(crl));
        return crl;
    }

    private <T> HttpResponse<T> get(String path, HttpResponse.BodyHandler<T> body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                .timeout(Duration.ofSeconds(5)).build(), body);
    }
}
