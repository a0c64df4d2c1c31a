package io.edgeprov.tests.e2e;

import io.edgeprov.contracts.codec.DeviceCodec;
import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceTopics;
import io.edgeprov.sim.device.DeviceCredential;
import io.edgeprov.sim.device.DeviceTransport;
import io.edgeprov.sim.device.PahoDeviceTransport;
import io.edgeprov.sim.device.TransportException;
import io.edgeprov.sim.fleet.TransportFactory;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Sees every certificate a simulated device is handed or presents, from the device's side of the
 * wire: it wraps each device's real Paho transport, reads the credential bundles in the gateway's
 * accepted replies and the credential each connect presents. Fleet does not expose its devices,
 * and a device keeps only its latest credential, so this is where "every certificate a device holds" is known.
 */
final class CertificateWitness {
    private final DeviceCodec codec = new JsonDeviceCodec();
    private final Map<String, Set<String>> serialsByDevice = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> devicesBySerial = new ConcurrentHashMap<>();
    private final Set<String> servedAfterRestart = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Optional<CountDownLatch>> restartWatch = new AtomicReference<>(Optional.empty());

    /** Paho transports to the broker, each one reporting to this witness. */
    TransportFactory transports(String host, int port, List<X509Certificate> trust) {
        return (id, tpm) -> new Watched(id, new PahoDeviceTransport(id, host, port, trust, tpm));
    }

    /** From now on, counts which devices are handed a certificate; the latch opens once {@code devices} were. */
    CountDownLatch watchRestart(int devices) {
        CountDownLatch everyDevice = new CountDownLatch(devices);
        servedAfterRestart.clear();
        restartWatch.set(Optional.of(everyDevice));
        return everyDevice;
    }

    /** Device id to the canonical serials (lower-case hex) of every certificate it was handed or presented. */
    Map<String, Set<String>> serialsByDevice() {
        return serialsByDevice.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
    }

    /** Serial to every device that was handed it; one device each when no serial repeats. */
    Map<String, Set<String>> devicesBySerial() {
        return devicesBySerial.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
    }

    /** Devices that hold at least one certificate now. */
    Set<String> devicesWithCertificate() {
        return Set.copyOf(serialsByDevice.keySet());
    }

    Set<String> devicesServedAfterRestart() {
        return Set.copyOf(servedAfterRestart);
    }

    private void saw(DeviceId device, X509Certificate certificate) {
        String serial = certificate.getSerialNumber().toString(16);
        serialsByDevice.computeIfAbsent(device.value(), k -> ConcurrentHashMap.newKeySet()).add(serial);
        devicesBySerial.computeIfAbsent(serial, k -> ConcurrentHashMap.newKeySet()).add(device.value());
    }

    private void handed(DeviceId device, byte[] payload) {
        codec.decodeCredentialBundle(payload).decoded().map(CredentialBundle::certificate).ifPresent(der -> {
            saw(device, parse(der));
            restartWatch.get().ifPresent(latch -> {
                if (servedAfterRestart.add(device.value())) {
                    latch.countDown();
                }
            });
        });
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("the gateway handed a certificate that does not parse", e);
        }
    }

    /** A device's transport, unchanged but for what the witness records on the way. */
    private final class Watched implements DeviceTransport {
        private final DeviceId id;
        private final DeviceTransport real;
        private final Set<String> replyTopics;

        Watched(DeviceId id, DeviceTransport real) {
            this.id = Objects.requireNonNull(id, "id");
            this.real = real;
            this.replyTopics = Set.of(DeviceTopics.accepted(DeviceTopics.enrollFinish(id)),
                    DeviceTopics.accepted(DeviceTopics.renew(id)));
        }

        @Override
        public void listener(Listener listener) {
            real.listener(new Listener() {
                @Override
                public void messageArrived(String topic, byte[] payload) {
                    if (replyTopics.contains(topic)) {
                        handed(id, payload);
                    }
                    listener.messageArrived(topic, payload);
                }

                @Override
                public void connectionLost(String reason) {
                    listener.connectionLost(reason);
                }
            });
        }

        @Override
        public void connect(Optional<DeviceCredential> credential, Duration timeout) throws TransportException {
            credential.ifPresent(c -> saw(id, c.certificate()));
            real.connect(credential, timeout);
        }

        @Override
        public void subscribe(List<String> topics, Duration timeout) throws TransportException {
            real.subscribe(topics, timeout);
        }

        @Override
        public void publish(String topic, byte[] payload, Duration timeout) throws TransportException {
            real.publish(topic, payload, timeout);
        }

        @Override
        public boolean isConnected() {
            return real.isConnected();
        }

        @Override
        public void disconnect(Duration timeout) {
            real.disconnect(timeout);
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
