package io.edgeprov.gateway.mqtt.external;


import io.edgeprov.gateway.core.part.PartStartException;
import io.edgeprov.gateway.mqtt.BrokerTopics;
import io.edgeprov.gateway.mqtt.DeviceRequestHandler;
import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import io.edgeprov.gateway.mqtt.external.ExternalBrokerBridge;
import io.edgeprov.gateway.mqtt.external.ExternalBrokerException;
import io.edgeprov.gateway.mqtt.external.GatewayTls;
import io.edgeprov.gateway.mqtt.external.MosquittoFiles;
import io.edgeprov.gateway.mqtt.external.MosquittoSettings;
import io.edgeprov.gateway.mqtt.external.ServerCredential;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.Certificates;
import io.edgeprov.pki.IssuanceRequest;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.PkiException;
import io.edgeprov.pki.crl.SignedCrl;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's MQTT front end in external mode (docs/decisions/0008): writes Mosquitto's files,
 * tells a running Mosquitto to reload them, and connects the {@link ExternalBrokerBridge} with the
 * gateway's own client certificate, whose key never leaves memory. Mosquitto itself is not ours
 * to start or stop; at boot the gateway waits for it up to a bounded time.
 */
public final class MosquittoFront implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MosquittoFront.class);
    static final String DEFAULT_FOLDER = "mosquitto";
    private static final Duration RETRY_PAUSE = Duration.ofMillis(250);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    /** How long start waits for the dynamic-security plugin's first answer; it answers within milliseconds. */
    private static final Duration DYNAMIC_SECURITY_WAIT = Duration.ofSeconds(5);

    private final MosquittoFiles files;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Optional<ExternalBrokerBridge> bridge = Optional.empty();

    private MosquittoFront(MosquittoFiles files) {
        this.files = files;
    }

    /** What the front end is built from; all parts come from the application's earlier start steps. */
    public record Parts(ExternalMqttSettings settings, CertificateAuthority authority, ServerCredential server, SignedCrl firstCrl,
            DeviceRequestHandler handler, Executor requests, SecureRandom random, Duration brokerWait,
            UnauthorizedAttempts attempts, MosquittoCutOff cutOffs) {
        public Parts {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(authority, "authority");
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(firstCrl, "firstCrl");
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(requests, "requests");
            Objects.requireNonNull(random, "random");
            Objects.requireNonNull(brokerWait, "brokerWait");
            Objects.requireNonNull(attempts, "attempts");
            Objects.requireNonNull(cutOffs, "cutOffs");
        }
    }

    /** Writes the files and reloads Mosquitto; the bridge is connected by {@link #connect}. */
    public static MosquittoFront writeFiles(Parts parts) throws PartStartException {
        ExternalMqttSettings external = parts.settings();
        MosquittoFiles files;
        try {
            MosquittoSettings settings = new MosquittoSettings(external.host(), external.port(), external.enrollPort(),
                    external.gatewayId(), external.user(), MosquittoSettings.DEFAULT_MAX_INFLIGHT,
                    external.maxEnrollConnections(), external.dynamicSecurityPlugin());
            files = MosquittoFiles.write(external.folder(), settings, parts.server(), parts.authority().chain(),
                    parts.firstCrl().der());
        } catch (ExternalBrokerException | IllegalArgumentException e) {
            throw new PartStartException("cannot write Mosquitto's files: " + e.getMessage(), e);
        }
        MosquittoFront front = new MosquittoFront(files);
        front.reloadIfRunning(external.pidFile());
        return front;
    }

    /**
     * Connects the bridge, retrying until Mosquitto accepts or {@code brokerWait} has passed, publishes the CA
     * topics, and fails unless Mosquitto's dynamic-security plugin answers with only what the gateway wrote:
     * without it a revoked device would stay connected (docs/decisions/0022), so the gateway does not start.
     */
    public ExternalBrokerBridge connect(Parts parts) throws PartStartException {
        ExternalMqttSettings external = parts.settings();
        ServerCredential client = clientCredential(parts);
        List<X509Certificate> chain = parts.authority().chain();
        ExternalBrokerBridge.Builder builder;
        try {
            builder = ExternalBrokerBridge.builder()
                    .serverUri("ssl://" + uriHost(external.host()) + ":" + external.port())
                    .gatewayId(external.gatewayId())
                    .socketFactory(GatewayTls.socketFactory(client, chain, true, parts.random()))
                    .handler(parts.handler())
                    .executor(parts.requests())
                    .unauthorizedAttempts(parts.attempts())
                    .crlInstaller(files.crlInstaller(reloadAction(external.pidFile())))
                    .controlAnswers(parts.cutOffs()::answerArrived)
                    .cutOffs((bridge, deviceId) -> parts.cutOffs().cutOff(bridge::publish, deviceId))
                    .random(parts.random());
        } catch (ExternalBrokerException e) {
            throw new PartStartException(e.getMessage(), e);
        }
        ExternalBrokerBridge connected = connectWithin(builder, parts.brokerWait());
        try {
            connected.publishRetained(BrokerTopics.CA_CERTS, Certificates.pkcs7CertsOnly(chain))
                    .get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            connected.publishRetained(BrokerTopics.CA_CRL, parts.firstCrl().der())
                    .get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (CertificateException | ExecutionException | TimeoutException e) {
            throw new PartStartException("cannot publish the CA chain and first CRL through Mosquitto: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PartStartException("interrupted while publishing the CA topics", e);
        }
        requireDynamicSecurity(parts.cutOffs(), connected);
        return connected;
    }

    private void requireDynamicSecurity(MosquittoCutOff cutOffs, ExternalBrokerBridge connected) throws PartStartException {
        try {
            cutOffs.verifyState(connected::publish, DYNAMIC_SECURITY_WAIT).get();
        } catch (ExecutionException e) {
            String why = e.getCause() == null ? e.toString() : e.getCause().getMessage();
            throw new PartStartException("cannot cut off revoked devices through Mosquitto (" + files.configFile() + "): "
                    + why, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PartStartException("interrupted while asking Mosquitto's dynamic-security plugin", e);
        }
    }

    private ExternalBrokerBridge connectWithin(ExternalBrokerBridge.Builder builder, Duration wait) throws PartStartException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            ExternalBrokerBridge attempt;
            try {
                attempt = builder.build();
            } catch (ExternalBrokerException | IllegalStateException e) {
                throw new PartStartException("cannot set up the bridge: " + e.getMessage(), e);
            }
            bridge = Optional.of(attempt);
            try {
                attempt.start();
                return attempt;
            } catch (ExternalBrokerException e) {
                attempt.close();
                bridge = Optional.empty();
                if (System.nanoTime() >= deadline) {
                    throw new PartStartException("Mosquitto did not accept the gateway within "
                            + wait + " (" + e.failure() + "): " + e.getMessage(), e);
                }
                LOG.debug("Mosquitto not reachable yet ({}); retrying", e.failure());
            }
            try {
                // Waiting on the close latch ends the pause early when the gateway is stopped meanwhile.
                if (closed.await(RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new PartStartException("stopped while waiting for Mosquitto", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PartStartException("interrupted while waiting for Mosquitto", e);
            }
        }
    }

    /** The gateway's client certificate: CN = its service id, which Mosquitto's ACL grants every request topic. */
    private static ServerCredential clientCredential(Parts parts) throws PartStartException {
        KeyPair key = KeyAlgorithm.EC_P256.generate(new BouncyCastleProvider(), parts.random());
        try {
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(parts.authority().issue(IssuanceRequest.of(parts.settings().gatewayId(), key.getPublic())).toX509());
            chain.addAll(parts.authority().chain());
            return new ServerCredential(key.getPrivate(), chain);
        } catch (PkiException | CertificateException | IllegalArgumentException e) {
            throw new PartStartException("cannot issue the gateway's client certificate for Mosquitto: " + e.getMessage(), e);
        }
    }

    private void reloadIfRunning(Optional<Path> pidFile) {
        if (pidFile.isEmpty()) {
            LOG.info("no mqtt.mosquittoPidFile: a Mosquitto that is already running reads the new files only when restarted");
            return;
        }
        PidFileReload reload = new PidFileReload(pidFile.get());
        if (!reload.pidFilePresent()) {
            LOG.info("{} does not exist yet: Mosquitto will read the new files when it starts", pidFile.get());
            return;
        }
        try {
            reload.run();
        } catch (IllegalStateException e) {
            LOG.warn("Mosquitto's files were rewritten but it could not be told to reload: {}", e.getMessage());
        }
    }

    private static Runnable reloadAction(Optional<Path> pidFile) {
        if (pidFile.isPresent()) {
            return new PidFileReload(pidFile.get());
        }
        return () -> LOG.warn("the CRL file changed but no mqtt.mosquittoPidFile is configured: restart Mosquitto to enforce it");
    }

    private static String uriHost(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    public Path folder() {
        return files.folder();
    }

    public boolean isConnected() {
        return bridge.map(ExternalBrokerBridge::isConnected).orElse(false);
    }

    @Override
    public void close() {
        closed.countDown();
        bridge.ifPresent(ExternalBrokerBridge::close);
        bridge = Optional.empty();
    }
}
