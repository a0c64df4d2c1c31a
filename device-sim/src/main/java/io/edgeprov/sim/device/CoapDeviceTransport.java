package io.edgeprov.sim.device;

import io.edgeprov.contracts.codec.CborDeviceCodec;
import io.edgeprov.contracts.codec.DecodeResult;
import io.edgeprov.contracts.codec.DeviceCodec;
import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.CoapPaths;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceMessage;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.contracts.device.WireLimits;
import io.edgeprov.pki.EllipticCurveProvider;
import io.edgeprov.sim.device.tls.TpmKeyProvider;
import io.edgeprov.sim.device.tls.TpmPrivateKey;
import io.edgeprov.sim.tpm.DeviceTpm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.ConnectionListener;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.XECDHECryptography;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;

/**
 * The enrollment protocol over CoAP and DTLS 1.2 (Californium and Scandium), EST-coaps style as
 * {@link CoapPaths} lays it out: POST {@code attb}, {@code sen} and {@code sren} with the contract's
 * CBOR messages, the device id in the begin and finish bodies (decision 0015), refusals as a CoAP
 * error code with a CBOR {@link Rejection} body.
 *
 * <p>DTLS as firmware would run it: TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 on P-256, the gateway's
 * certificate checked against the gateway CA only (no host name check, as on MQTT), and Connection
 * ID support (RFC 9146; this client asks for an empty id of its own and uses the gateway's, so a NAT
 * rebinding of its address keeps the session). With a certificate, the DTLS client key is the TPM
 * key: Scandium signs the CertificateVerify with a {@code Signature} it keeps per thread, so
 * {@link TpmKeyProvider} goes first in the provider list (its signature passes other keys on).
 *
 * <p>Each session is a fresh UDP socket and handshake. A session with a certificate is opened
 * eagerly (an empty CON, answered by RST, drives the handshake) so that a revoked certificate is
 * refused at open, as an MQTT connect is. CoAP pushes nothing: a revoked device learns it from a
 * refused handshake, from {@code DEVICE_REVOKED} to a request, or from the gateway closing its
 * session (a DTLS close_notify or fatal alert, reported as a lost connection).
 */
public final class CoapDeviceTransport implements EnrollmentChannel {
    private static final String SCHEME = "coaps";

    private final DeviceId deviceId;
    private final InetSocketAddress gateway;
    private final List<X509Certificate> trustAnchors;
    private final DeviceTpm tpm;
    private final Optional<CoapClientThreads> threads;
    private final DeviceCodec codec = new CborDeviceCodec();
    private final Configuration configuration;
    private volatile Listener listener;
    private CoapEndpoint endpoint;
    private volatile DTLSConnector connector;
    /** Set while this transport itself runs a handshake or closes, so its own alerts are not a lost session. */
    private volatile boolean quiet;
    private volatile Optional<AlertMessage> lastAlert = Optional.empty();

    public CoapDeviceTransport(DeviceId deviceId, String host, int port, List<X509Certificate> trustAnchors, DeviceTpm tpm) {
        this(deviceId, host, port, trustAnchors, tpm, Optional.empty());
    }

    /**
     * @param threads threads shared with other devices' clients (a fleet's); empty: Californium starts
     *                its own for every session
     */
    public CoapDeviceTransport(DeviceId deviceId, String host, int port, List<X509Certificate> trustAnchors, DeviceTpm tpm,
                               Optional<CoapClientThreads> threads) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " is not 1..65535");
        }
        try {
            this.gateway = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("host: cannot resolve " + host, e);
        }
        this.trustAnchors = List.copyOf(trustAnchors);
        if (this.trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("trustAnchors: needs at least one gateway CA certificate");
        }
        this.tpm = Objects.requireNonNull(tpm, "tpm");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.configuration = configuration();
    }

    /** Californium's settings for one device: never read from or written to a properties file. */
    static Configuration configuration() {
        CoapConfig.register();
        DtlsConfig.register();
        Configuration c = Configuration.createStandardWithoutFile();
        c.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        c.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
        c.setAsList(DtlsConfig.DTLS_CURVES, XECDHECryptography.SupportedGroup.secp256r1);
        // RFC 9146: support connection ids; an empty one of our own, the gateway's in every record we send
        c.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        c.set(DtlsConfig.DTLS_VERIFY_SERVER_CERTIFICATES_SUBJECT, false);
        c.set(DtlsConfig.DTLS_USE_SERVER_NAME_INDICATION, false);
        c.set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NONE);
        c.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 1, TimeUnit.SECONDS);
        c.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 3);
        c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, WireLimits.MESSAGE_MAX);
        c.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        c.set(CoapConfig.ACK_TIMEOUT, 2, TimeUnit.SECONDS);
        c.set(CoapConfig.MAX_RETRANSMIT, 3);
        return c;
    }

    @Override
    public void listener(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void openForAttestation(Duration timeout) throws TransportException {
        // lazy: the begin request drives the handshake, one round trip fewer than a ping first
        open(Optional.empty());
    }

    @Override
    public void openWith(DeviceCredential credential, Duration timeout) throws TransportException {
        open(Optional.of(credential));
        handshake(timeout);
    }

    private synchronized void open(Optional<DeviceCredential> credential) throws TransportException {
        closeEndpoint();
        EllipticCurveProvider.installFirst();
        TpmKeyProvider.installFirst();
        DtlsConnectorConfig.Builder dtls = DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress(gateway.getAddress().isLoopbackAddress() ? gateway.getAddress()
                        : null, 0))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedCertificates(trustAnchors.toArray(X509Certificate[]::new)).build())
                .setLoggingTag(deviceId.value())
                .setConnectionListener(new SessionEnd());
        try {
            if (credential.isPresent()) {
                DeviceCredential c = credential.get();
                if (!(c.certificate().getPublicKey() instanceof ECPublicKey publicKey)) {
                    throw new TransportException(TransportFailure.TLS_SETUP, "the device certificate's key is not an EC key");
                }
                dtls.setCertificateIdentityProvider(new TpmCertificateProvider(new TpmPrivateKey(tpm, c.key(), publicKey), c.chain()));
            }
            DTLSConnector fresh = new DTLSConnector(dtls.build());
            fresh.setAlertHandler(this::onAlert);
            threads.ifPresent(t -> fresh.setExecutor(t.dtls()));
            CoapEndpoint ep = new CoapEndpoint.Builder().setConfiguration(configuration).setConnector(fresh)
                    .setLoggingTag(deviceId.value()).build();
            threads.ifPresent(t -> ep.setExecutors(t.protocol(), t.secondary()));
            lastAlert = Optional.empty();
            ep.start();
            endpoint = ep;
            connector = fresh;
        } catch (IOException e) {
            throw new TransportException(TransportFailure.CONNECT_FAILED, "cannot open a UDP socket: " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new TransportException(TransportFailure.TLS_SETUP, "cannot configure DTLS: " + e.getMessage(), e);
        }
    }

    /** An empty CON message: the gateway answers RST, after the handshake it made the client run. */
    private void handshake(Duration timeout) throws TransportException {
        CoapEndpoint ep = endpoint();
        Request ping = new Request(null, CoAP.Type.CON);
        ping.setToken(Token.EMPTY);
        ping.setDestinationContext(new AddressEndpointContext(gateway));
        quiet = true;
        try {
            ep.sendRequest(ping);
            ping.waitForResponse(timeout.toMillis());
            if (ping.isRejected()) {
                return;
            }
            TransportException failure = sendFailure(ping, "DTLS handshake with " + gateway, timeout);
            closeEndpoint();
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeEndpoint();
            throw new TransportException(TransportFailure.TIMED_OUT, "interrupted during the DTLS handshake");
        } finally {
            quiet = false;
        }
    }

    @Override
    public ChannelReply<Challenge> begin(AttestationBegin request, Duration timeout) throws TransportException {
        AttestationBegin named = new AttestationBegin(request.clientToken(), request.ekPublic(), request.ekCertificate(),
                request.akPublic(), Optional.of(deviceId), request.ekCertificateChain());
        return exchange(CoapPaths.ATTEST_BEGIN, named, codec::decodeChallenge, timeout);
    }

    @Override
    public ChannelReply<CredentialBundle> finish(AttestationFinish request, Duration timeout) throws TransportException {
        AttestationFinish named = new AttestationFinish(request.clientToken(), request.challengeId(), request.secretProof(),
                request.certifyInfo(), request.certifySignature(), request.deviceKeyPublic(), request.csr(),
                Optional.of(deviceId));
        return exchange(CoapPaths.SIMPLE_ENROLL, named, codec::decodeCredentialBundle, timeout);
    }

    @Override
    public ChannelReply<CredentialBundle> renew(RenewRequest request, Duration timeout) throws TransportException {
        return exchange(CoapPaths.SIMPLE_REENROLL, request, codec::decodeCredentialBundle, timeout);
    }

    private <T> ChannelReply<T> exchange(String path, DeviceMessage message, Function<byte[], DecodeResult<T>> decode,
                                         Duration timeout) throws TransportException {
        CoapEndpoint ep = endpoint();
        Request request = Request.newPost();
        request.setDestinationContext(new AddressEndpointContext(gateway));
        request.getOptions().setUriPath(path.substring(1));
        request.getOptions().setContentFormat(CoapPaths.CF_CBOR);
        request.getOptions().setAccept(CoapPaths.CF_CBOR);
        request.setPayload(codec.encode(message));
        Response response;
        try {
            ep.sendRequest(request);
            response = request.waitForResponse(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.cancel();
            return new ChannelReply.Failed<>(DeviceFailure.TIMED_OUT, "interrupted while waiting for " + path);
        }
        if (response == null) {
            request.cancel();
            TransportException failure = sendFailure(request, "POST " + path, timeout);
            // the session is not trusted any more: the next step opens a new one with a fresh handshake
            disconnect(Duration.ZERO);
            if (failure.failure() == TransportFailure.TIMED_OUT) {
                return new ChannelReply.Failed<>(DeviceFailure.TIMED_OUT, failure.getMessage());
            }
            throw failure;
        }
        return answer(path, response, decode);
    }

    private <T> ChannelReply<T> answer(String path, Response response, Function<byte[], DecodeResult<T>> decode) {
        byte[] payload = response.getPayload() == null ? new byte[0] : response.getPayload();
        CoAP.ResponseCode code = response.getCode();
        if (code.isSuccess()) {
            DecodeResult<T> decoded = decode.apply(payload);
            return decoded.decoded().<ChannelReply<T>>map(ChannelReply.Accepted::new).orElseGet(() -> {
                DecodeResult.Malformed<T> m = decoded.malformed().orElseThrow();
                return new ChannelReply.Failed<>(DeviceFailure.BAD_REPLY, "malformed " + code.text + " reply to " + path
                        + ": " + m.field() + " " + m.problem());
            });
        }
        if (payload.length > 0 && response.getOptions().getContentFormat() == CoapPaths.CF_CBOR) {
            DecodeResult<Rejection> rejection = codec.decodeRejection(payload);
            if (rejection.decoded().isPresent()) {
                return new ChannelReply.Refused<>(rejection.decoded().get());
            }
            DecodeResult.Malformed<Rejection> m = rejection.malformed().orElseThrow();
            return new ChannelReply.Failed<>(DeviceFailure.BAD_REPLY, "malformed rejection (" + code + ") to " + path + ": "
                    + m.field() + " " + m.problem());
        }
        // 5.03 without a body (a busy DTLS stack) and the like: transient, retried like a lost reply
        return new ChannelReply.Failed<>(code.isServerError() ? DeviceFailure.TRANSPORT : DeviceFailure.BAD_REPLY,
                path + " answered " + code + " " + code.text + " without a Rejection");
    }

    /**
     * Why a request got no response: a refused handshake (the gateway's alert names a revoked
     * certificate as {@code certificate_revoked}), another send error, or silence.
     */
    private TransportException sendFailure(Request request, String what, Duration timeout) {
        Throwable error = request.getSendError();
        Optional<AlertMessage> alert = lastAlert;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof HandshakeException handshake && handshake.getAlert() != null) {
                alert = Optional.of(handshake.getAlert());
                break;
            }
        }
        if (alert.isPresent() && alert.get().getDescription() == AlertMessage.AlertDescription.CERTIFICATE_REVOKED) {
            return new TransportException(TransportFailure.REVOKED_AT_HANDSHAKE, what + " refused: certificate_revoked");
        }
        if (alert.isPresent() && alert.get().isFatal()) {
            return new TransportException(TransportFailure.CONNECT_FAILED, what + " refused with the alert "
                    + alert.get().getDescription().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (error != null) {
            return new TransportException(TransportFailure.CONNECT_FAILED, what + " failed: " + error.getMessage(), error);
        }
        return new TransportException(TransportFailure.TIMED_OUT, what + ": no answer within " + timeout);
    }

    /** Alerts from the gateway: close_notify (as to a revoked device's sessions) or a fatal alert end the session. */
    private void onAlert(InetSocketAddress peer, AlertMessage alert) {
        lastAlert = Optional.of(alert);
        if (alert.isFatal() || alert.getDescription() == AlertMessage.AlertDescription.CLOSE_NOTIFY) {
            sessionEnded("the gateway ended the DTLS session: " + alert.getDescription().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private void sessionEnded(String reason) {
        if (quiet || connector == null) {
            return;
        }
        connector = null;
        Listener l = listener;
        if (l != null) {
            l.connectionLost(reason);
        }
    }

    /** A connection Scandium closed and removed (a close_notify it processed), should the alert go unreported. */
    private final class SessionEnd implements ConnectionListener {
        @Override
        public void onConnectionEstablished(Connection connection) {
        }

        @Override
        public void onConnectionRemoved(Connection connection) {
            if (connection.isClosed()) {
                sessionEnded("the gateway closed the DTLS session (close_notify)");
            }
        }

        @Override
        public boolean onConnectionUpdatesSequenceNumbers(Connection connection, boolean writeSequenceNumber) {
            return false;
        }

        @Override
        public boolean onConnectionMacError(Connection connection) {
            return false;
        }

        @Override
        public void beforeExecution(Connection connection) {
        }

        @Override
        public void updateExecution(Connection connection) {
        }

        @Override
        public void afterExecution(Connection connection) {
        }
    }

    private synchronized CoapEndpoint endpoint() throws TransportException {
        if (endpoint == null) {
            throw new TransportException(TransportFailure.NOT_CONNECTED, "no DTLS session with " + gateway);
        }
        return endpoint;
    }

    @Override
    public boolean isOpen() {
        return connector != null;
    }

    @Override
    public void disconnect(Duration timeout) {
        closeEndpoint();
    }

    @Override
    public void close() {
        closeEndpoint();
    }

    private synchronized void closeEndpoint() {
        CoapEndpoint old = endpoint;
        endpoint = null;
        connector = null;
        if (old != null) {
            boolean wasQuiet = quiet;
            quiet = true;
            try {
                old.destroy();
            } finally {
                quiet = wasQuiet;
            }
        }
    }

    @Override
    public String toString() {
        return "CoapDeviceTransport[" + deviceId.value() + " -> " + SCHEME + "://" + gateway.getHostString() + ":"
                + gateway.getPort() + "]";
    }
}
