package io.edgeprov.gateway.mqtt.external;

import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.mqtt.DeviceRequestHandler;
import io.edgeprov.gateway.mqtt.Reply;
import io.edgeprov.gateway.core.registry.CertificateStore;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.mqtt.external.RequestRoute;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * External mode's stand-in for the serial Mosquitto does not pass through (docs/decisions/0008):
 * a certificate holder's request is handed on as coming from the device's current certificate,
 * the newest one that is neither revoked nor expired. When none is, the newest one at all is
 * used, so renewal refuses with the precise reason (revoked, expired) instead of "unknown".
 */
public final class CurrentCertificateIdentity implements DeviceRequestHandler {
    private static final Comparator<CertificateRecord> NEWEST_LAST = Comparator.comparing(CertificateRecord::issuedAt)
            .thenComparing(CertificateRecord::notBefore)
            .thenComparing(certificate -> new java.math.BigInteger(certificate.serialHex(), 16));

    private final DeviceRequestHandler next;
    private final CertificateStore certificates;
    private final Clock clock;

    public CurrentCertificateIdentity(DeviceRequestHandler next, CertificateStore certificates, Clock clock) {
        this.next = Objects.requireNonNull(next, "next");
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CompletableFuture<Optional<Reply>> handle(ClientIdentity who, String topic, byte[] payload) {
        return next.handle(resolve(who), topic, payload);
    }

    ClientIdentity resolve(ClientIdentity who) {
        if (!(who instanceof ClientIdentity.Device device) || !RequestRoute.UNKNOWN_SERIAL.equals(device.serialHex())) {
            return who;
        }
        List<CertificateRecord> held = certificates.findByDevice(device.deviceId());
        Instant now = clock.instant();
        Optional<CertificateRecord> current = held.stream()
                .filter(certificate -> !certificate.isRevoked() && certificate.notAfter().isAfter(now))
                .max(NEWEST_LAST)
                .or(() -> held.stream().max(NEWEST_LAST));
        return current.<ClientIdentity>map(certificate -> new ClientIdentity.Device(device.deviceId(), certificate.serialHex()))
                .orElse(who);
    }
}
