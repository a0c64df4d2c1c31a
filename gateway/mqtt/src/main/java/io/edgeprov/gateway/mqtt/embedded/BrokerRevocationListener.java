package io.edgeprov.gateway.mqtt.embedded;

import io.edgeprov.contracts.codec.DeviceCodec;
import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.RevocationNotice;
import io.edgeprov.gateway.mqtt.embedded.EmbeddedBroker;
import io.edgeprov.gateway.mqtt.BrokerTopics;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.revocation.RevocationListener;
import io.edgeprov.pki.crl.SignedCrl;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes each CRL as the retained {@code prov/v1/ca/crl}, and cuts a revoked device off and tells it why. */
public final class BrokerRevocationListener implements RevocationListener {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRevocationListener.class);

    private final EmbeddedBroker broker;
    private final DeviceCodec codec = new JsonDeviceCodec();

    public BrokerRevocationListener(EmbeddedBroker broker) {
        this.broker = Objects.requireNonNull(broker, "broker");
    }

    @Override
    public void crlPublished(SignedCrl crl) {
        broker.publishRetained(BrokerTopics.CA_CRL, crl.der()).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warn("CRL number {} was written to disk but not published on {}: {}", crl.number(), BrokerTopics.CA_CRL,
                        failure.toString());
            }
        });
    }

    @Override
    public void deviceRevoked(String deviceId, List<CertificateRecord> revoked, RevocationReason reason) {
        // Asked first: only a device connected now is cut off, after its notice's grace. Cutting by id later
        // would hit whoever holds the id by then (a client that is no longer the revoked device).
        broker.isConnected(deviceId).exceptionally(failure -> true).thenAccept(connected -> {
            // The notices go first: once cut off, the device could no longer receive them.
            List<java.util.concurrent.CompletableFuture<Void>> sent = new java.util.ArrayList<>();
            for (CertificateRecord certificate : revoked) {
                RevocationNotice notice = new RevocationNotice(new DeviceId(deviceId), certificate.serialHex(),
                        reason, certificate.revocation()
                                .map(r -> r.revokedAt()).orElseThrow());
                sent.add(broker.publish(BrokerTopics.notice(deviceId), codec.encode(notice)).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.warn("revocation notice to device {} not sent: {}", deviceId, failure.toString());
                    }
                }));
            }
            if (!connected) {
                return;
            }
            java.util.concurrent.CompletableFuture.allOf(sent.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
                    .handle((ok, failure) -> null)
                    .thenComposeAsync(ignored -> broker.disconnect(deviceId, "certificate revoked"),
                            java.util.concurrent.CompletableFuture.delayedExecutor(BrokerConfig.LAST_MESSAGE_GRACE.toMillis(),
                                    java.util.concurrent.TimeUnit.MILLISECONDS))
                    .whenComplete((wasConnected, failure) -> {
                        if (failure != null) {
                            LOG.warn("could not disconnect revoked device {}: {}", deviceId, failure.toString());
                        }
                    });
        });
    }
}
