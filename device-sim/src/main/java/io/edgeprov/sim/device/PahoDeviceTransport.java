package io.edgeprov.sim.device;

import io.edgeprov.contracts.device.ConnectionPromotion;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.sim.device.tls.DeviceTls;
import io.edgeprov.sim.device.tls.TpmKeyManager;
import io.edgeprov.sim.tpm.DeviceTpm;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * {@link DeviceTransport} over Paho's MQTT 5 async client: TLS with TCP_NODELAY, in-memory
 * persistence (Paho's default writes files into the working directory), clean start, QoS 1.
 *
 * <p>The broker's certificate is checked against the gateway CA only, without hostname
 * verification: devices reach the gateway by whatever address the site gives it, and the trust
 * store holds nothing but the gateway's own CA.
 */
public final class PahoDeviceTransport implements DeviceTransport {
    /** MQTT 5 CONNACK reason code Banned, what the gateway answers a revoked or unrecorded certificate. */
    private static final int CONNACK_BANNED = 0x8A;
    private static final int QOS = 1;
    /** The TLS alert's name (RFC 8446 section 6.2, code 44) as JSSE writes it into the exception message. */
    private static final String TLS_ALERT_CERTIFICATE_REVOKED = "certificate_revoked";

    private final DeviceId deviceId;
    private final String serverUri;
    private final String enrollmentUri;
    private final List<X509Certificate> trustAnchors;
    private final DeviceTpm tpm;
    private final Optional<PahoClientThreads> threads;
    private final boolean acceptPromotion;
    private volatile Listener listener;
    private volatile MqttAsyncClient client;
    /** The client the gateway promoted to the device's rights (docs/decisions/0036), if it is still the current one. */
    private volatile MqttAsyncClient promoted;
    /** The TLS context of the last certificate connected with: reusing it lets a reconnect resume its TLS 1.3 session. */
    private Optional<DeviceCredential> contextFor = Optional.empty();
    private SSLContext credentialContext;

    /**
     * @param host         the broker's host name or address
     * @param port         its TLS listener port
     * @param trustAnchors the gateway CA certificates the broker's certificate must chain to
     */
    public PahoDeviceTransport(DeviceId deviceId, String host, int port, List<X509Certificate> trustAnchors, DeviceTpm tpm) {
        this(deviceId, host, port, port, trustAnchors, tpm);
    }

    /**
     * For brokers that cannot make the client certificate optional on one listener (Mosquitto,
     * see docs/decisions/0008): certificate-less connects (attestation) go to {@code enrollmentPort},
     * connects with the device certificate to {@code port}.
     */
    public PahoDeviceTransport(DeviceId deviceId, String host, int port, int enrollmentPort,
                               List<X509Certificate> trustAnchors, DeviceTpm tpm) {
        this(deviceId, host, port, enrollmentPort, trustAnchors, tpm, Optional.empty());
    }

    /**
     * @param threads threads shared with other devices' clients (a fleet's); empty: Paho starts its own
     *                for every connection
     */
    public PahoDeviceTransport(DeviceId deviceId, String host, int port, int enrollmentPort,
                               List<X509Certificate> trustAnchors, DeviceTpm tpm, Optional<PahoClientThreads> threads) {
        this(deviceId, host, port, enrollmentPort, trustAnchors, tpm, threads, true);
    }

    /**
     * @param acceptPromotion keep the attesting connection when the gateway promotes it (one handshake per
     *                        enrollment); false: always reconnect with the new certificate (two handshakes,
     *                        what MQTT 3.1.1 firmware and the Mosquitto mode do)
     */
    public PahoDeviceTransport(DeviceId deviceId, String host, int port, int enrollmentPort,
                               List<X509Certificate> trustAnchors, DeviceTpm tpm, Optional<PahoClientThreads> threads,
                               boolean acceptPromotion) {
        this.acceptPromotion = acceptPromotion;
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        checkPort("port", port);
        checkPort("enrollmentPort", enrollmentPort);
        Objects.requireNonNull(host, "host");
        String literal = host.contains(":") ? "[" + host + "]" : host;
        this.serverUri = "ssl://" + literal + ":" + port;
        this.enrollmentUri = "ssl://" + literal + ":" + enrollmentPort;
        this.trustAnchors = List.copyOf(trustAnchors);
        this.tpm = Objects.requireNonNull(tpm, "tpm");
        this.threads = Objects.requireNonNull(threads, "threads");
    }

    private static void checkPort(String field, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(field + ": " + port + " is not 1..65535");
        }
    }

    @Override
    public void listener(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public synchronized void connect(Optional<DeviceCredential> credential, Duration timeout) throws TransportException {
        closeClient(timeout);
        SSLContext context;
        try {
            if (credential.isPresent() && contextFor.isPresent() && contextFor.get() == credential.get()) {
                context = credentialContext;
            } else {
                context = DeviceTls.clientContext(trustAnchors,
                        credential.map(c -> new TpmKeyManager(tpm, c.key(), c.chain())));
                if (credential.isPresent()) {
                    contextFor = credential;
                    credentialContext = context;
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TransportException(TransportFailure.TLS_SETUP, "cannot build the TLS context: " + e.getMessage(), e);
        }
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setSocketFactory(DeviceTls.noDelay(context.getSocketFactory()));
        options.setHttpsHostnameVerificationEnabled(false);
        options.setConnectionTimeout(Math.max(1, (int) timeout.toSeconds()));
        options.setKeepAliveInterval(30);
        try {
            String uri = credential.isPresent() ? serverUri : enrollmentUri;
            MqttAsyncClient fresh = new MqttAsyncClient(uri, deviceId.value(), new MemoryPersistence(), null,
                    threads.orElse(null));
            fresh.setCallback(new Callback(fresh));
            IMqttToken token = fresh.connect(options);
            token.waitForCompletion(timeout.toMillis());
            if (!fresh.isConnected()) {
                fresh.disconnectForcibly(0, 0, false);
                fresh.close(true);
                throw new TransportException(TransportFailure.TIMED_OUT, "connect to " + uri + " took longer than " + timeout);
            }
            client = fresh;
        } catch (MqttException e) {
            throw new TransportException(connectFailure(e), "connect to "
                    + (credential.isPresent() ? serverUri : enrollmentUri) + " failed: reason " + e.getReasonCode() + " " + e.getMessage(), e);
        }
    }

    /**
     * Why a connect failed, telling the two refusals of a revoked certificate from the rest: the embedded
     * broker's CONNACK Banned, and the TLS alert certificate_revoked from a broker that checks a CRL.
     * JSSE names a received alert only in the exception's message ("Received fatal alert:
     * certificate_revoked"); under TLS 1.3 it can arrive after the client's handshake has completed, as
     * a plain SSLException, so the whole cause chain is searched.
     */
    static TransportFailure connectFailure(MqttException e) {
        if (e.getReasonCode() == CONNACK_BANNED) {
            return TransportFailure.BANNED;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException && cause.getMessage() != null
                    && cause.getMessage().contains(TLS_ALERT_CERTIFICATE_REVOKED)) {
                return TransportFailure.REVOKED_AT_HANDSHAKE;
            }
        }
        return TransportFailure.CONNECT_FAILED;
    }

    @Override
    public synchronized void subscribe(List<String> topics, Duration timeout) throws TransportException {
        MqttAsyncClient c = connected();
        int[] qos = new int[topics.size()];
        java.util.Arrays.fill(qos, QOS);
        try {
            IMqttToken token = c.subscribe(topics.toArray(String[]::new), qos);
            token.waitForCompletion(timeout.toMillis());
            int[] codes = token.getReasonCodes();
            if (!token.isComplete()) {
                throw new TransportException(TransportFailure.TIMED_OUT, "subscribe took longer than " + timeout);
            }
            for (int i = 0; codes != null && i < codes.length; i++) {
                if (codes[i] >= 0x80) {
                    throw new TransportException(TransportFailure.SUBSCRIBE_REFUSED,
                            "broker refused subscription to " + topics.get(Math.min(i, topics.size() - 1)) + ": reason " + codes[i]);
                }
            }
        } catch (MqttException e) {
            throw new TransportException(TransportFailure.SUBSCRIBE_REFUSED, "subscribe failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void publish(String topic, byte[] payload, Duration timeout) throws TransportException {
        MqttAsyncClient c;
        synchronized (this) {
            c = connected();
        }
        try {
            // MqttAsyncClient.publish, not MqttTopic.publish, which drops MQTT 5 properties.
            IMqttToken token = c.publish(topic, payload, QOS, false);
            token.waitForCompletion(timeout.toMillis());
            if (!token.isComplete()) {
                throw new TransportException(TransportFailure.TIMED_OUT, "publish to " + topic + " took longer than " + timeout);
            }
        } catch (MqttException e) {
            throw new TransportException(TransportFailure.PUBLISH_FAILED, "publish to " + topic + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean isConnected() {
        return client != null && client.isConnected();
    }

    @Override
    public synchronized boolean promotedToDevice() {
        return acceptPromotion && client != null && promoted == client && client.isConnected();
    }

    @Override
    public synchronized void disconnect(Duration timeout) {
        closeClient(timeout);
    }

    @Override
    public void close() {
        disconnect(Duration.ofSeconds(1));
    }

    private MqttAsyncClient connected() throws TransportException {
        if (client == null || !client.isConnected()) {
            throw new TransportException(TransportFailure.NOT_CONNECTED, "not connected to " + serverUri);
        }
        return client;
    }

    private void closeClient(Duration timeout) {
        MqttAsyncClient old = client;
        client = null;
        if (old == null) {
            return;
        }
        try {
            if (old.isConnected()) {
                old.disconnect(timeout.toMillis()).waitForCompletion(timeout.toMillis());
            }
        } catch (MqttException e) {
            // Going away anyway: a failed DISCONNECT only means the broker notices the drop later.
            forceClose(old);
        }
        try {
            old.close(true);
        } catch (MqttException e) {
            forceClose(old);
        }
    }

    private static void forceClose(MqttAsyncClient old) {
        try {
            old.disconnectForcibly(0, 0, false);
        } catch (MqttException ignored) {
            // Nothing more can be done for a client that cannot even be dropped.
        }
    }

    /** Callbacks of one client; a client this transport already replaced or closed reports nothing. */
    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (owner == client && listener != null) {
                listener.connectionLost("broker disconnected: reason " + response.getReturnCode()
                        + Optional.ofNullable(response.getReasonString()).map(r -> " " + r).orElse(""));
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // Protocol errors that drop the connection also arrive through disconnected().
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (message.getProperties() != null && message.getProperties().getUserProperties().stream()
                    .anyMatch(p -> ConnectionPromotion.USER_PROPERTY.equals(p.getKey())
                            && ConnectionPromotion.DEVICE.equals(p.getValue()))) {
                // Set before the listener hears the bundle, so the enrollment step sees it.
                promoted = owner;
            }
            Listener l = listener;
            if (l != null) {
                l.messageArrived(topic, message.getPayload());
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // publish() waits on its own token.
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // connect() waits on its own token.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication: identity is the TLS client certificate.
        }
    }
}
