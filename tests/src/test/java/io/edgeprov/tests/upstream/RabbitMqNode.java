package io.edgeprov.tests.upstream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One RabbitMQ node: its ports, its folder (config, database, logs) and, while it runs, its Erlang
 * VM. The server script runs with {@code RABBITMQ_ALLOW_INPUT} set, so it {@code exec}s erl, which
 * {@code exec}s beam.smp: the child's PID is the VM's, and SIGTERM to it is RabbitMQ's graceful
 * stop. The VM's own children (erl_child_setup, inet_gethost, the disk monitor's shell) are taken
 * down with it and checked by PID.
 */
final class RabbitMqNode {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    final int index;
    final String name;
    final Path folder;
    final int amqpPort;
    final int distPort;
    final int mqttPort;
    private Optional<Process> process = Optional.empty();
    private List<ProcessHandle> vmChildren = List.of();

    RabbitMqNode(int index, String name, Path folder) throws IOException {
        this.index = index;
        this.name = name;
        this.folder = Files.createDirectories(folder);
        Files.createDirectories(folder.resolve("conf.d"));
        this.amqpPort = Ports.freeLoopbackPort();
        this.distPort = Ports.freeLoopbackPort();
        this.mqttPort = Ports.freeLoopbackPort();
    }

    MqttEndpoint endpoint() {
        return new MqttEndpoint("127.0.0.1", mqttPort);
    }

    Path configFile() {
        return folder.resolve("rabbitmq.conf");
    }

    Path advancedConfigFile() {
        return folder.resolve("advanced.config");
    }

    Path enabledPluginsFile() {
        return folder.resolve("enabled_plugins");
    }

    Path log() {
        return folder.resolve("log").resolve(name + ".log");
    }

    /** The variables the server script reads for this node, on top of the cluster's. */
    Map<String, String> environment() {
        return Map.ofEntries(
                Map.entry("RABBITMQ_NODENAME", name),
                Map.entry("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1"),
                Map.entry("RABBITMQ_NODE_PORT", Integer.toString(amqpPort)),
                Map.entry("RABBITMQ_DIST_PORT", Integer.toString(distPort)),
                Map.entry("RABBITMQ_CONFIG_FILE", configFile().toString()),
                Map.entry("RABBITMQ_ADVANCED_CONFIG_FILE", advancedConfigFile().toString()),
                // Not /etc/rabbitmq/conf.d/*.conf, which a machine's own RabbitMQ may have.
                Map.entry("RABBITMQ_CONFIG_FILES", folder.resolve("conf.d").resolve("*.conf").toString()),
                Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", enabledPluginsFile().toString()),
                Map.entry("RABBITMQ_MNESIA_BASE", folder.resolve("mnesia").toString()),
                Map.entry("RABBITMQ_LOG_BASE", folder.resolve("log").toString()),
                Map.entry("RABBITMQ_PID_FILE", folder.resolve("rabbitmq.pid").toString()),
                Map.entry("RABBITMQ_PLUGINS_EXPAND_DIR", folder.resolve("plugins-expand").toString()));
    }

    /** Starts the VM; {@code clusterEnvironment} holds HOME, the epmd port and the common settings. */
    void start(Path serverScript, Map<String, String> clusterEnvironment) throws IOException {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running");
        }
        ProcessBuilder builder = new ProcessBuilder(serverScript.toString()).directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("console.log").toFile()));
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("RABBITMQ_") || key.startsWith("ERL_") || key.equals("NOTIFY_SOCKET"));
        environment.putAll(clusterEnvironment);
        environment.putAll(environment());
        process = Optional.of(builder.start());
    }

    /** Waits until the MQTT listener accepts, which RabbitMQ opens last, after the node (re)joined its cluster. */
    void awaitMqtt(Duration timeout) throws InterruptedException {
        Process running = process.orElseThrow(() -> new IllegalStateException(name + " is not started"));
        if (!Ports.awaitListening(mqttPort, running, timeout)) {
            String state = running.isAlive() ? "still starting after " + timeout : "exited with " + running.exitValue();
            throw new IllegalStateException("RabbitMQ node " + name + " did not open MQTT port " + mqttPort + " (" + state
                    + "); its log ends:\n" + logTail());
        }
        vmChildren = running.descendants().toList();
    }

    boolean isRunning() {
        return process.map(Process::isAlive).orElse(false);
    }

    Optional<Long> pid() {
        return process.map(Process::pid);
    }

    /** Sends SIGTERM to the VM, waits for it (SIGKILL after a minute), then for the VM's children. */
    void stop() throws InterruptedException {
        if (process.isEmpty()) {
            return;
        }
        Process vm = process.get();
        List<ProcessHandle> children = vm.isAlive() ? vm.descendants().toList() : vmChildren;
        vm.destroy();
        if (!vm.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            vm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                child.destroyForcibly();
            }
        }
        process = Optional.empty();
        vmChildren = List.of();
    }

    /** The last lines of the node's log (or of its console output before logging started), for failure messages. */
    String logTail() {
        for (Path file : List.of(log(), folder.resolve("console.log"))) {
            try {
                if (Files.exists(file)) {
                    List<String> lines = Files.readAllLines(file);
                    return file + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
                }
            } catch (IOException e) {
                return "(cannot read " + file + ": " + e.getMessage() + ")";
            }
        }
        return "(no log written in " + folder + ")";
    }
}
