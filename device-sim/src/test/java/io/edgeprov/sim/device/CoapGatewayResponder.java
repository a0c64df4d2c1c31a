package io.edgeprov.sim.device;

import io.edgeprov.contracts.codec.CborDeviceCodec;
import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.CoapPaths;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceMessage;
import io.edgeprov.contracts.device.DeviceTopics;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.pki.EllipticCurveProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.auth.X509CertPath;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.CertificateMessage;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.CertificateVerificationResult;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.x509.NewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.util.ServerNames;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;

/**
 * A DTLS CoAP front for a {@link FakeGateway} in device tests (the real server is the gateway's
 * {@code gateway-coap}, which device-sim must not depend on): it translates the CBOR bodies of
 * {@code attb}, {@code sen} and {@code sren} to the fake's JSON-on-topics and back, taking the device
 * id from the body or, for {@code sren}, from the DTLS client certificate's common name.
 */
final class CoapGatewayResponder implements AutoCloseable {
    private final FakeGateway gateway;
    private final CoapServer server;
    private final CborDeviceCodec cbor = new CborDeviceCodec();
    private final JsonDeviceCodec json = new JsonDeviceCodec();
    final AtomicInteger handshakesWithCertificate = new AtomicInteger();
    private final java.util.Set<String> revoked = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final DTLSConnector connector;

    CoapGatewayResponder(FakeGateway gateway, GatewayPki pki) throws Exception {
        this.gateway = gateway;
        EllipticCurveProvider.installFirst();
        GatewayPki.ServerIdentity identity = pki.serverIdentity();
        Configuration config = CoapDeviceTransport.configuration();
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        config.set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.WANTED);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 6);
        config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
        NewAdvancedCertificateVerifier trustRoot = StaticNewAdvancedCertificateVerifier.builder()
                .setTrustedCertificates(pki.root).build();
        connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .setCertificateIdentityProvider(new SingleCertificateProvider(identity.keys().getPrivate(),
                        identity.chain().toArray(X509Certificate[]::new), CertificateType.X_509))
                .setAdvancedCertificateVerifier(new RevokingVerifier(trustRoot))
                .build());
        server = new CoapServer(config);
        server.addEndpoint(new CoapEndpoint.Builder().setConfiguration(config).setConnector(connector).build());
        CoapResource est = new CoapResource("est");
        est.add(new Post("attb") {
            @Override
            DeviceMessage handle(byte[] body, Optional<X509Certificate> peer) {
                AttestationBegin begin = cbor.decodeAttestationBegin(body).decoded().orElseThrow();
                DeviceId id = begin.deviceId().orElseThrow();
                return relay(DeviceTopics.enrollBegin(id), json.encode(begin), peer);
            }
        });
        est.add(new Post("sen") {
            @Override
            DeviceMessage handle(byte[] body, Optional<X509Certificate> peer) {
                AttestationFinish finish = cbor.decodeAttestationFinish(body).decoded().orElseThrow();
                DeviceId id = finish.deviceId().orElseThrow();
                return relay(DeviceTopics.enrollFinish(id), json.encode(finish), peer);
            }
        });
        est.add(new Post("sren") {
            @Override
            DeviceMessage handle(byte[] body, Optional<X509Certificate> peer) {
                RenewRequest renew = cbor.decodeRenewRequest(body).decoded().orElseThrow();
                String cn = peer.map(CoapGatewayResponder::commonName).orElse("nobody");
                return relay(DeviceTopics.renew(new DeviceId(cn)), json.encode(renew), peer);
            }
        });
        CoapResource wellKnown = new CoapResource(".well-known");
        wellKnown.add(est);
        server.add(wellKnown);
        server.start();
    }

    /**
     * Revokes the device as the gateway does on CoAP: its next handshakes are refused with
     * certificate_revoked and its open sessions are ended with close_notify.
     */
    void revoke(String deviceId) {
        revoked.add(deviceId);
        // close(address) sends close_notify; startTerminateConnectionsForPrincipal only forgets the session
        connector.startForEach((org.eclipse.californium.elements.util.Filter<org.eclipse.californium.scandium.dtls.Connection>)
                c -> {
                    if (c.getSession() != null && c.getSession().getPeerIdentity() instanceof X509CertPath path
                            && deviceId.equals(commonName(path.getTarget())) && c.getPeerAddress() != null) {
                        connector.close(c.getPeerAddress());
                    }
                    return false;
                });
    }

    private static String commonName(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253).replaceAll(".*CN=([^,]+).*", "$1");
    }

    /** The trust check of the gateway CA, plus a refusal with certificate_revoked for revoked devices. */
    private final class RevokingVerifier implements NewAdvancedCertificateVerifier {
        private final NewAdvancedCertificateVerifier trust;

        RevokingVerifier(NewAdvancedCertificateVerifier trust) {
            this.trust = trust;
        }

        @Override
        public List<CertificateType> getSupportedCertificateTypes() {
            return trust.getSupportedCertificateTypes();
        }

        @Override
        public CertificateVerificationResult verifyCertificate(ConnectionId cid, ServerNames serverName, InetSocketAddress peer,
                boolean clientUsage, boolean verifySubject, boolean truncate, CertificateMessage message) {
            if (!message.isEmpty() && revoked.contains(commonName((X509Certificate) message.getCertificateChain()
                    .getCertificates().get(0)))) {
                return new CertificateVerificationResult(cid, new HandshakeException("revoked",
                        new AlertMessage(AlertMessage.AlertLevel.FATAL, AlertMessage.AlertDescription.CERTIFICATE_REVOKED)), null);
            }
            return trust.verifyCertificate(cid, serverName, peer, clientUsage, verifySubject, truncate, message);
        }

        @Override
        public List<X500Principal> getAcceptedIssuers() {
            return trust.getAcceptedIssuers();
        }

        @Override
        public void setResultHandler(HandshakeResultHandler handler) {
            trust.setResultHandler(handler);
        }
    }

    int port() {
        return server.getEndpoints().get(0).getAddress().getPort();
    }

    private DeviceMessage relay(String topic, byte[] jsonBody, Optional<X509Certificate> peer) {
        List<FakeGateway.Outgoing> out = gateway.handle(topic, jsonBody, peer);
        FakeGateway.Outgoing reply = out.get(0);
        if (reply.topic().endsWith("/rejected")) {
            return json.decodeRejection(reply.payload()).decoded().orElseThrow();
        }
        if (topic.endsWith("/begin")) {
            return json.decodeChallenge(reply.payload()).decoded().orElseThrow();
        }
        return json.decodeCredentialBundle(reply.payload()).decoded().orElseThrow();
    }

    private abstract class Post extends CoapResource {
        Post(String name) {
            super(name);
        }

        abstract DeviceMessage handle(byte[] body, Optional<X509Certificate> peer);

        @Override
        public void handlePOST(CoapExchange exchange) {
            Optional<X509Certificate> peer = Optional.ofNullable(exchange.advanced().getRequest().getSourceContext()
                    .getPeerIdentity()).filter(X509CertPath.class::isInstance).map(p -> ((X509CertPath) p).getTarget());
            peer.ifPresent(p -> handshakesWithCertificate.incrementAndGet());
            DeviceMessage reply = handle(exchange.getRequestPayload(), peer);
            boolean refused = reply instanceof io.edgeprov.contracts.device.Rejection;
            exchange.respond(refused ? CoAP.ResponseCode.FORBIDDEN : CoAP.ResponseCode.CHANGED, cbor.encode(reply),
                    CoapPaths.CF_CBOR);
        }
    }

    @Override
    public void close() {
        server.destroy();
    }
}
