package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import io.edgeprov.gateway.core.part.PartStartException;
import io.edgeprov.gateway.core.registry.InMemoryRegistry;
import io.edgeprov.pki.crl.CrlBuilder;
import io.edgeprov.pki.crl.SignedCrl;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front end fails closed (docs/decisions/0022): it does not start against a Mosquitto that would
 * keep revoked devices connected (no dynamic-security plugin, e.g. still running an older configuration)
 * or whose plugin grants more than the gateway's ACL file.
 */
class MosquittoCutOffStartIT {
    private static final Duration START_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private Optional<ExternalMqttFront> front = Optional.empty();
    private Optional<MosquittoProcess> mosquitto = Optional.empty();

    @AfterEach
    void stop_everything() throws Exception {
        front.ifPresent(ExternalMqttFront::stop);
        executor.shutdownNow();
        if (mosquitto.isPresent()) {
            mosquitto.get().close();
        }
    }

    @Test
    void front_end_does_not_start_when_mosquitto_runs_without_the_plugin() throws Exception {
        PartStartException refused = startAgainstMosquittoRunning(config -> config.lines()
                .filter(line -> !line.startsWith("plugin")).map(line -> line + "\n").reduce("", String::concat));

        assertThat(refused).hasMessageContaining("does not run the dynamic-security plugin");
    }

    @Test
    void front_end_does_not_start_when_the_plugin_grants_more_than_the_acl_file() throws Exception {
        Path widened = folder.resolve("widened-dynamic-security.json");
        Files.writeString(widened, MosquittoFiles.DYNAMIC_SECURITY_STATE.replace("\"subscribe\": false", "\"subscribe\": true"));

        PartStartException refused = startAgainstMosquittoRunning(config -> config.replaceAll(
                "(?m)^plugin_opt_config_file .*$", "plugin_opt_config_file " + widened));

        assertThat(refused).hasMessageContaining("default access allows subscribe");
    }

    /**
     * Starts the front end, then Mosquitto on the configuration the front wrote as changed by {@code edit},
     * and returns why the front end refused to start (failing if it started).
     */
    private PartStartException startAgainstMosquittoRunning(UnaryOperator<String> edit) throws Exception {
        MosquittoProcess.requireDynamicSecurityPlugin();
        MosquittoPki pki = new MosquittoPki("gw1");
        SignedCrl crl = new CrlBuilder(pki.caKeyStore(), Clock.systemUTC()).build(BigInteger.ONE, List.of(), Duration.ofDays(1));
        int devicePort = MosquittoProcess.freePort();
        int enrollPort = MosquittoProcess.freePort();
        Optional<String> user = "root".equals(System.getProperty("user.name")) ? Optional.of("root") : Optional.empty();
        ExternalMqttSettings settings = new ExternalMqttSettings(MosquittoPki.GATEWAY_ID, "127.0.0.1", devicePort, enrollPort,
                folder.resolve("mosquitto"), Optional.empty(), user, 100);
        ExternalMqttFront started = new ExternalMqttFront(settings, pki.authority(), () -> Optional.of(crl), new RecordingHandler(),
                new InMemoryRegistry().certificates(), Clock.systemUTC(), executor, new SecureRandom(), START_WAIT,
                UnauthorizedAttempts.uncounted());
        front = Optional.of(started);
        Future<?> start = executor.submit(() -> {
            started.start();
            return null;
        });
        Path written = folder.resolve("mosquitto").resolve(MosquittoFiles.CONFIG);
        awaitWritten(written, start);
        Path edited = folder.resolve("edited-mosquitto.conf");
        Files.writeString(edited, edit.apply(Files.readString(written)));
        mosquitto = Optional.of(MosquittoProcess.start(edited, folder.resolve("mosquitto.log"), devicePort, enrollPort));
        try {
            start.get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(PartStartException.class);
            return (PartStartException) e.getCause();
        }
        return fail("the front end started against a Mosquitto that cannot cut revoked devices off");
    }

    private static void awaitWritten(Path file, Future<?> started) throws Exception {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (!Files.exists(file)) {
            try {
                // Waiting on the start doubles as the probe's pause and notices a start that failed early.
                started.get(50, TimeUnit.MILLISECONDS);
                fail("the front end started without Mosquitto, or before writing " + file);
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    fail("the front end did not write " + file + " within " + START_WAIT);
                }
            }
        }
    }
}
