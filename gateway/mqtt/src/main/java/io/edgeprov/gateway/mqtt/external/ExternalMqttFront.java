package io.edgeprov.gateway.mqtt.external;

import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import io.edgeprov.gateway.core.part.GatewayPart;
import io.edgeprov.gateway.core.part.PartHealth;
import io.edgeprov.gateway.core.part.PartStartException;
import io.edgeprov.gateway.core.registry.CertificateStore;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.revocation.RevocationListener;
import io.edgeprov.gateway.mqtt.DeviceRequestHandler;
import io.edgeprov.gateway.mqtt.ServerCertificates;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.crl.SignedCrl;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The external-broker mode as a gateway part (docs/decisions/0008): writes Mosquitto's files with the
 * current CRL, connects the bridge with the gateway's own certificate, and applies revocations through
 * Mosquitto (CRL file and reload, retained CRL, notices, and a cut-off through its dynamic-security
 * plugin, docs/decisions/0022). Requests reach the handler as coming from
 * the device's current certificate, and never under the gateway's own service id.
 */
public final class ExternalMqttFront implements GatewayPart, RevocationListener {
    private final ExternalMqttSettings settings;
    private final CertificateAuthority authority;
    private final Supplier<Optional<SignedCrl>> currentCrl;
    private final DeviceRequestHandler handler;
    private final Executor requests;
    private final SecureRandom random;
    private final Duration brokerWait;
    private final UnauthorizedAttempts attempts;
    private final MosquittoCutOff cutOffs;
    private final MosquittoRevocationListener revocations;
    private volatile Optional<MosquittoFront> front = Optional.empty();

    /**
     * @param certificates where the device's current certificate is found (Mosquitto does not pass the serial on)
     * @param requests the gateway's request workers, injected
     * @param brokerWait how long start waits for Mosquitto to accept the gateway
     */
    public ExternalMqttFront(ExternalMqttSettings settings, CertificateAuthority authority,
            Supplier<Optional<SignedCrl>> currentCrl, DeviceRequestHandler handler, CertificateStore certificates,
            Clock clock, Executor requests, SecureRandom random, Duration brokerWait, UnauthorizedAttempts attempts) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.authority = Objects.requireNonNull(authority, "authority");
        this.currentCrl = Objects.requireNonNull(currentCrl, "currentCrl");
        this.attempts = Objects.requireNonNull(attempts, "attempts");
        this.handler = new GatewayIdGuard(new CurrentCertificateIdentity(Objects.requireNonNull(handler, "handler"),
                Objects.requireNonNull(certificates, "certificates"), Objects.requireNonNull(clock, "clock")),
                settings.gatewayId(), attempts);
        this.requests = Objects.requireNonNull(requests, "requests");
        this.random = Objects.requireNonNull(random, "random");
        this.brokerWait = Objects.requireNonNull(brokerWait, "brokerWait");
        this.cutOffs = new MosquittoCutOff(settings.gatewayId(), random);
        this.revocations = new MosquittoRevocationListener(cutOffs);
    }

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public synchronized void start() throws PartStartException {
        if (front.isPresent()) {
            throw new PartStartException("the external MQTT front end was already started", null);
        }
        SignedCrl crl = currentCrl.get().orElseThrow(() -> new PartStartException(
                "Mosquitto's files need the current CRL, and none was signed yet", null));
        ServerCredential server = ServerCertificates.issue(authority, settings.gatewayId(), settings.host(),
                ServerCertificates.DEFAULT_LIFETIME, random);
        MosquittoFront.Parts parts = new MosquittoFront.Parts(settings, authority, server, crl, handler, requests, random,
                brokerWait, attempts, cutOffs);
        MosquittoFront written = MosquittoFront.writeFiles(parts);
        front = Optional.of(written);
        try {
            revocations.attach(written.connect(parts));
        } catch (PartStartException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    @Override
    public PartHealth health() {
        Optional<MosquittoFront> running = front;
        if (running.isEmpty()) {
            return PartHealth.down("not started");
        }
        String where = "Mosquitto at " + settings.host() + ":" + settings.port();
        int unconfirmed = cutOffs.unconfirmed();
        // A cut-off that failed is reported, not a reason to stop serving: the CRL still refuses the device's next handshake.
        String detail = unconfirmed == 0 ? where : where + ", " + unconfirmed + " revoked device(s) maybe still connected";
        return running.get().isConnected() ? PartHealth.up(detail) : PartHealth.down(detail + ", bridge not connected");
    }

    @Override
    public synchronized void stop() {
        revocations.detach();
        front.ifPresent(MosquittoFront::close);
        front = Optional.empty();
    }

    /** The folder holding the files the gateway wrote for Mosquitto. */
    public Path folder() {
        return settings.folder();
    }

    @Override
    public void crlPublished(SignedCrl crl) {
        revocations.crlPublished(crl);
    }

    @Override
    public void deviceRevoked(String deviceId, List<CertificateRecord> revoked, RevocationReason reason) {
        revocations.deviceRevoked(deviceId, revoked, reason);
    }
}
