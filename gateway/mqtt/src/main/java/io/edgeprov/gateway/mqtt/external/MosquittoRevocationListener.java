package io.edgeprov.gateway.mqtt.external;

import io.edgeprov.contracts.codec.DeviceCodec;
import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.RevocationNotice;
import io.edgeprov.gateway.mqtt.BrokerTopics;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.revocation.RevocationListener;
import io.edgeprov.gateway.mqtt.external.ExternalBrokerBridge;
import io.edgeprov.gateway.mqtt.external.ExternalBrokerException;
import io.edgeprov.pki.crl.SignedCrl;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocations in external mode: each CRL goes into Mosquitto's CRL file, Mosquitto is told to
 * reload (new handshakes are checked against it), and the CRL is published retained; a revoked device
 * gets its notice and is then disconnected through Mosquitto's dynamic-security plugin
 * ({@link MosquittoCutOff}, docs/decisions/0022), since Mosquitto keeps a connected client when its CRL
 * changes. The service hands over the CRL before the device, so the reload is under way before the cut-off.
 *
 * <p>The bridge is attached after the first CRL exists, because Mosquitto's files need that CRL
 * before the bridge can connect; CRLs signed before then are only on disk.
 */
public final class MosquittoRevocationListener implements RevocationListener {
    private static final Logger LOG = LoggerFactory.getLogger(MosquittoRevocationListener.class);

    private final AtomicReference<Optional<ExternalBrokerBridge>> bridge = new AtomicReference<>(Optional.empty());
    private final DeviceCodec codec = new JsonDeviceCodec();
    private final MosquittoCutOff cutOffs;

    public MosquittoRevocationListener(MosquittoCutOff cutOffs) {
        this.cutOffs = Objects.requireNonNull(cutOffs, "cutOffs");
    }

    public void attach(ExternalBrokerBridge connected) {
        bridge.set(Optional.of(connected));
    }

    public void detach() {
        bridge.set(Optional.empty());
    }

    @Override
    public void crlPublished(SignedCrl crl) {
        Optional<ExternalBrokerBridge> current = bridge.get();
        if (current.isEmpty()) {
            return;
        }
        try {
            current.get().refreshCrl(crl.der()).whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.warn("CRL number {} is in Mosquitto's CRL file but was not published on {}: {}", crl.number(),
                            BrokerTopics.CA_CRL, failure.toString());
                }
            });
        } catch (ExternalBrokerException e) {
            LOG.warn("CRL number {} was signed but Mosquitto does not enforce it yet ({}): {}", crl.number(), e.failure(),
                    e.getMessage());
        }
    }

    @Override
    public void deviceRevoked(String deviceId, List<CertificateRecord> revoked, RevocationReason reason) {
        Optional<ExternalBrokerBridge> current = bridge.get();
        if (current.isEmpty()) {
            LOG.warn("device {} revoked while the bridge is not attached: Mosquitto refuses its next handshake once it"
                    + " has reloaded the CRL, but a connection it holds is not cut off", deviceId);
            return;
        }
        for (CertificateRecord certificate : revoked) {
            RevocationNotice notice = new RevocationNotice(new DeviceId(deviceId), certificate.serialHex(),
                    reason,
                    certificate.revocation().map(r -> r.revokedAt()).orElseThrow());
            current.get().publish(BrokerTopics.notice(deviceId), codec.encode(notice)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.warn("revocation notice to device {} not sent: {}", deviceId, failure.toString());
                }
            });
        }
        // After the notices: both go out on the one bridge connection, in order, so the notice reaches the
        // broker before the disconnect (delivery to the device is still best effort, docs/decisions/0008).
        cutOffs.cutOff(current.get()::publish, deviceId);
    }
}
