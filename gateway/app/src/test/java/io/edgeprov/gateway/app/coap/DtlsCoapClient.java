package io.edgeprov.gateway.app.coap;

import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;

/**
 * A device's CoAP client over DTLS with Californium's own stack, for ITs: trusts the gateway CA, presents
 * a device certificate when given one, supports the gateway's Connection ID, one DTLS session per client.
 */
public final class DtlsCoapClient implements AutoCloseable {
    private final CoapEndpoint endpoint;
    private final DTLSConnector connector;
    private final InetSocketAddress gateway;
    private volatile long timeoutMillis = TimeUnit.SECONDS.toMillis(10);
    private final java.util.concurrent.CountDownLatch sessionClosed = new java.util.concurrent.CountDownLatch(1);

    private DtlsCoapClient(InetSocketAddress gateway, X509Certificate gatewayCa, Optional<PrivateKey> key,
            List<X509Certificate> chain) {
        this.gateway = gateway;
        Configuration configuration = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                SystemConfig.DEFINITIONS);
        configuration.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        configuration.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
        // 0: this client understands the gateway's Connection ID without asking for one of its own.
        configuration.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        configuration.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        configuration.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        configuration.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 128 * 1024);
        configuration.set(CoapConfig.PREFERRED_BLOCK_SIZE, 1024);
        configuration.set(CoapConfig.MAX_MESSAGE_SIZE, 1024);
        DtlsConnectorConfig.Builder dtls = DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress(gateway.getAddress(), 0))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedCertificates(gatewayCa).build());

        key.ifPresent(k -> dtls.setCertificateIdentityProvider(new SingleCertificateProvider(k,
                chain.toArray(new X509Certificate[0]), CertificateType.X_509)));
        connector = new DTLSConnector(dtls.build());
        connector.setAlertHandler((peer, alert) -> {
            if (alert.getDescription() == org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription.CLOSE_NOTIFY) {
                sessionClosed.countDown();
            }
        });
        endpoint = new CoapEndpoint.Builder().setConfiguration(configuration).setConnector(connector).build();
        try {
            endpoint.start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start the DTLS client: " + e, e);
        }
    }

    /** A client without a certificate: what a device that is still attesting has. */
    public static DtlsCoapClient anonymous(InetSocketAddress gateway, X509Certificate gatewayCa) {
        return new DtlsCoapClient(gateway, gatewayCa, Optional.empty(), List.of());
    }

    /** A client presenting a device certificate (leaf first). */
    public static DtlsCoapClient withCertificate(InetSocketAddress gateway, X509Certificate gatewayCa, PrivateKey key,
            List<X509Certificate> chain) {
        return new DtlsCoapClient(gateway, gatewayCa, Optional.of(key), chain);
    }

    public CoapResponse get(String path, Optional<Integer> accept) throws Exception {
        Request request = Request.newGet();
        accept.ifPresent(a -> request.getOptions().setAccept(a));
        return send(path, request);
    }

    public CoapResponse post(String path, byte[] payload, int contentFormat, Optional<Integer> accept) throws Exception {
        Request request = Request.newPost();
        request.setPayload(payload);
        request.getOptions().setContentFormat(contentFormat);
        accept.ifPresent(a -> request.getOptions().setAccept(a));
        return send(path, request);
    }

    /** Sends a request on this client's session; null when no response came in time. */
    public CoapResponse send(String path, Request request) throws Exception {
        CoapClient client = new CoapClient(uri(path));
        client.setEndpoint(endpoint);
        client.setTimeout(timeoutMillis);
        try {
            return client.advanced(request);
        } finally {
            client.shutdown();
        }
    }

    /** How long a request waits for its response (10 s by default). */
    public DtlsCoapClient timeout(java.time.Duration timeout) {
        this.timeoutMillis = timeout.toMillis();
        return this;
    }

    /** Whether the gateway closed this client's DTLS session (close_notify) within {@code wait}. */
    public boolean awaitSessionClosed(java.time.Duration wait) throws InterruptedException {
        return sessionClosed.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String uri(String path) {
        return "coaps://" + gateway.getAddress().getHostAddress() + ":" + gateway.getPort() + path;
    }

    /** The local address this client's DTLS socket is bound to. */
    public InetSocketAddress localAddress() {
        return endpoint.getAddress();
    }

    @Override
    public void close() {
        endpoint.destroy();
    }
}
