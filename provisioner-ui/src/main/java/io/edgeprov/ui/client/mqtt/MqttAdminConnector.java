package io.edgeprov.ui.client.mqtt;

import io.edgeprov.contracts.admin.AdminErrorCode;
import io.edgeprov.contracts.admin.AdminReply.WhoAmIReply;
import io.edgeprov.contracts.admin.AdminTopics;
import io.edgeprov.ui.client.AdminClient;
import io.edgeprov.ui.client.AdminConnector;
import io.edgeprov.ui.client.AdminRefused;
import io.edgeprov.ui.client.AdminUnavailable;
import io.edgeprov.ui.client.ConnectFailure;
import io.edgeprov.ui.client.ConnectFailure.Cause;
import io.edgeprov.ui.client.GatewayAddress;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Opens an admin session: the operator's PKCS#12 file gives the TLS client key and the CA to recognise
 * the gateway by; the MQTT 5 connection is mutual TLS with host name verification; a {@code whoami}
 * request proves the admin plane answers and tells the console the person's role. Every way this can
 * fail maps to a {@link ConnectFailure.Cause} the person can act on.
 */
public final class MqttAdminConnector implements AdminConnector {
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    public MqttAdminConnector() {
        this(Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    public MqttAdminConnector(Duration connectTimeout, Duration requestTimeout) {
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public AdminClient connect(GatewayAddress address, Path certificateFile, char[] password) throws ConnectFailure {
        OperatorCredentials credentials = OperatorCredentials.load(certificateFile, password);
        String operatorId = operatorId(credentials);
        MqttAsyncClient mqtt;
        try {
            // The gateway accepts an operator's certificate only under the client id op@{operatorId}.
            mqtt = new MqttAsyncClient(address.uri(), AdminTopics.clientId(operatorId), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new ConnectFailure(Cause.BAD_ADDRESS, address.toString(), e);
        }
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(credentials.tlsContext().getSocketFactory());
        options.setHttpsHostnameVerificationEnabled(true);
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout((int) Math.max(1, connectTimeout.toSeconds()));
        PahoAdminClient client = new PahoAdminClient(mqtt, operatorId, address.toString(), requestTimeout);
        try {
            mqtt.connect(options).waitForCompletion(connectTimeout.toMillis() + 1_000);
            client.start(connectTimeout.toMillis());
        } catch (MqttException e) {
            client.close();
            throw classify(e, address);
        }
        try {
            WhoAmIReply who = client.whoAmI().get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
            client.identity(who);
            return client;
        } catch (ExecutionException e) {
            client.close();
            if (e.getCause() instanceof AdminRefused refused) {
                Cause cause = refused.code() == AdminErrorCode.OPERATOR_DISABLED || refused.code() == AdminErrorCode.NOT_PERMITTED
                        ? Cause.OPERATOR_REVOKED : Cause.FAILED;
                throw new ConnectFailure(cause, refused.getMessage(), refused);
            }
            if (e.getCause() instanceof AdminUnavailable unavailable) {
                throw new ConnectFailure(Cause.NOT_AN_ADMIN_PLANE, unavailable.getMessage(), unavailable);
            }
            throw new ConnectFailure(Cause.FAILED, String.valueOf(e.getCause()), e);
        } catch (TimeoutException e) {
            client.close();
            throw new ConnectFailure(Cause.NOT_AN_ADMIN_PLANE, "no answer to whoami within " + connectTimeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new ConnectFailure(Cause.FAILED, "interrupted", e);
        }
    }

    /** The operator id the gateway knows this person by: the certificate's common name. */
    static String operatorId(OperatorCredentials credentials) throws ConnectFailure {
        try {
            for (Rdn rdn : new LdapName(credentials.certificate().getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    String cn = String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT);
                    if (AdminTopics.isValidOperatorId(cn)) {
                        return cn;
                    }
                }
            }
        } catch (InvalidNameException e) {
            throw new ConnectFailure(Cause.NO_OPERATOR_KEY, "the certificate's subject does not parse", e);
        }
        throw new ConnectFailure(Cause.NO_OPERATOR_KEY, "the certificate's common name is not an operator name");
    }

    /** Maps what Paho and the TLS stack say to what the person can do about it. */
    static ConnectFailure classify(MqttException e, GatewayAddress address) {
        int code = e.getReasonCode();
        // MQTT 5 CONNACK: not authorized (0x87), banned (0x8A), bad user name or password (0x86).
        if (code == 0x87 || code == 0x8A || code == 0x86) {
            return new ConnectFailure(Cause.OPERATOR_REVOKED, "CONNACK reason 0x" + Integer.toHexString(code), e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathValidatorException || t instanceof CertificateException
                    || t instanceof SSLHandshakeException && describes(t, "PKIX", "certificate_unknown", "No subject alternative",
                            "unable to find valid certification path", "does not match")) {
                if (describes(t, "certificate_revoked", "bad_certificate", "certificate_expired")) {
                    return new ConnectFailure(Cause.OPERATOR_REVOKED, "the gateway refused the client certificate", e);
                }
                return new ConnectFailure(Cause.UNTRUSTED_GATEWAY, address.toString(), e);
            }
            if (t instanceof SSLException && describes(t, "certificate_revoked", "bad_certificate", "certificate_unknown",
                    "access_denied", "certificate_required")) {
                return new ConnectFailure(Cause.OPERATOR_REVOKED, "the gateway refused the client certificate during TLS", e);
            }
            if (t instanceof UnknownHostException) {
                return new ConnectFailure(Cause.UNREACHABLE, "unknown host " + address.host(), e);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException) {
                return new ConnectFailure(Cause.UNREACHABLE, address.toString(), e);
            }
            if (t instanceof EOFException || t instanceof SSLException) {
                // The server closed the handshake after our certificate: the gateway's broker refuses unknown
                // or revoked client certificates this way (TLS 1.3 alerts arrive after the client's Finished).
                return new ConnectFailure(Cause.OPERATOR_REVOKED, "the gateway closed the connection during TLS", e);
            }
        }
        if (code == MqttClientException.REASON_CODE_CLIENT_TIMEOUT || code == MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR) {
            return new ConnectFailure(Cause.UNREACHABLE, address.toString(), e);
        }
        if (code == MqttClientException.REASON_CODE_CONNECTION_LOST || code == MqttClientException.REASON_CODE_SERVER_DISCONNECTED) {
            return new ConnectFailure(Cause.OPERATOR_REVOKED, "the gateway closed the connection", e);
        }
        return new ConnectFailure(Cause.FAILED, "MQTT reason " + code, e);
    }

    private static boolean describes(Throwable t, String... words) {
        String m = String.valueOf(t.getMessage());
        for (String w : words) {
            if (m.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
