package io.edgeprov.gateway.coap;

import io.edgeprov.gateway.core.identity.ClientCertificatePolicy;
import io.edgeprov.gateway.core.identity.ConnectDecision;
import io.edgeprov.gateway.core.identity.ConnectRefusal;
import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import io.edgeprov.gateway.core.identity.UnauthorizedKind;
import java.net.InetSocketAddress;
import java.security.cert.CertPath;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertLevel;
import org.eclipse.californium.scandium.dtls.CertificateMessage;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.CertificateVerificationResult;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.x509.NewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.util.ServerNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a DTLS client's certificate with the core's {@link ClientCertificatePolicy}, the same check the
 * embedded MQTT broker runs at connect: chain to the gateway CA, validity, clientAuth, one device named,
 * recorded and not revoked. A refused chain fails the handshake with the matching alert (a device with a
 * revoked certificate gets no session at all); an accepted one carries the device identity into the
 * connection ({@link PeerIdentities}). Scandium verifies the CertificateVerify signature (possession of
 * the key) itself. A client that sends no certificate is let through: {@code attb} and {@code sen} need none.
 */
final class DeviceCertificateVerifier implements NewAdvancedCertificateVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceCertificateVerifier.class);

    private final ClientCertificatePolicy policy;
    private final X509Certificate gatewayCa;
    private final UnauthorizedAttempts attempts;

    DeviceCertificateVerifier(ClientCertificatePolicy policy, X509Certificate gatewayCa, UnauthorizedAttempts attempts) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.gatewayCa = Objects.requireNonNull(gatewayCa, "gatewayCa");
        this.attempts = Objects.requireNonNull(attempts, "attempts");
    }

    @Override
    public List<CertificateType> getSupportedCertificateTypes() {
        return List.of(CertificateType.X_509);
    }

    @Override
    public CertificateVerificationResult verifyCertificate(ConnectionId cid, ServerNames serverName,
            InetSocketAddress remotePeer, boolean clientUsage, boolean verifySubject, boolean truncateCertificatePath,
            CertificateMessage message) {
        CertPath path = message.getCertificateChain();
        if (message.isEmpty() || path == null || path.getCertificates().isEmpty()) {
            return new CertificateVerificationResult(cid, path, null);
        }
        List<X509Certificate> chain = path.getCertificates().stream().map(X509Certificate.class::cast).toList();
        ConnectDecision decision;
        try {
            decision = policy.checkPresented(chain);
        } catch (RuntimeException e) {
            LOG.warn("DTLS client certificate check failed from {}: {}", remotePeer, e.toString());
            return refused(cid, AlertDescription.INTERNAL_ERROR, "certificate check failed");
        }
        if (decision instanceof ConnectDecision.Accepted accepted) {
            return new CertificateVerificationResult(cid, path, accepted.identity());
        }
        ConnectDecision.Refused refused = (ConnectDecision.Refused) decision;
        attempts.count(kindOf(refused.reason()));
        LOG.info("DTLS handshake from {} refused: {} ({})", remotePeer, refused.reason(), refused.detail());
        return refused(cid, alertOf(refused.reason()), refused.detail());
    }

    @Override
    public List<X500Principal> getAcceptedIssuers() {
        return List.of(gatewayCa.getSubjectX500Principal());
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // Results are returned synchronously: the check is in memory plus one indexed registry read.
    }

    private static CertificateVerificationResult refused(ConnectionId cid, AlertDescription alert, String detail) {
        return new CertificateVerificationResult(cid,
                new HandshakeException(detail, new AlertMessage(AlertLevel.FATAL, alert)), null);
    }

    /** The TLS alert for each refusal, so a DTLS client library can say why in its own words. */
    static AlertDescription alertOf(ConnectRefusal reason) {
        return switch (reason) {
            case CERTIFICATE_REVOKED -> AlertDescription.CERTIFICATE_REVOKED;
            case CERTIFICATE_EXPIRED, CERTIFICATE_NOT_YET_VALID -> AlertDescription.CERTIFICATE_EXPIRED;
            case CERTIFICATE_UNTRUSTED -> AlertDescription.UNKNOWN_CA;
            case CERTIFICATE_NOT_CLIENT_AUTH -> AlertDescription.UNSUPPORTED_CERTIFICATE;
            case CERTIFICATE_UNRECORDED, CERTIFICATE_NO_DEVICE_NAME, CLIENT_ID_INVALID, CLIENT_ID_MISMATCH ->
                    AlertDescription.BAD_CERTIFICATE;
            case CLIENT_ID_IN_USE, UNENROLLED_CONNECTIONS_EXCEEDED -> AlertDescription.ACCESS_DENIED;
            case REVOCATION_UNKNOWN -> AlertDescription.INTERNAL_ERROR;
        };
    }

    static UnauthorizedKind kindOf(ConnectRefusal reason) {
        return switch (reason) {
            case CLIENT_ID_INVALID -> UnauthorizedKind.CONNECT_CLIENT_ID_INVALID;
            case CLIENT_ID_IN_USE -> UnauthorizedKind.CONNECT_CLIENT_ID_IN_USE;
            case UNENROLLED_CONNECTIONS_EXCEEDED -> UnauthorizedKind.CONNECT_UNENROLLED_CONNECTIONS_EXCEEDED;
            case CLIENT_ID_MISMATCH -> UnauthorizedKind.CONNECT_CLIENT_ID_MISMATCH;
            case CERTIFICATE_UNTRUSTED -> UnauthorizedKind.CONNECT_CERTIFICATE_UNTRUSTED;
            case CERTIFICATE_EXPIRED -> UnauthorizedKind.CONNECT_CERTIFICATE_EXPIRED;
            case CERTIFICATE_NOT_YET_VALID -> UnauthorizedKind.CONNECT_CERTIFICATE_NOT_YET_VALID;
            case CERTIFICATE_REVOKED -> UnauthorizedKind.CONNECT_CERTIFICATE_REVOKED;
            case CERTIFICATE_UNRECORDED -> UnauthorizedKind.CONNECT_CERTIFICATE_UNRECORDED;
            case CERTIFICATE_NO_DEVICE_NAME -> UnauthorizedKind.CONNECT_CERTIFICATE_NO_DEVICE_NAME;
            case CERTIFICATE_NOT_CLIENT_AUTH -> UnauthorizedKind.CONNECT_CERTIFICATE_NOT_CLIENT_AUTH;
            case REVOCATION_UNKNOWN -> UnauthorizedKind.CONNECT_REVOCATION_UNKNOWN;
        };
    }
}
