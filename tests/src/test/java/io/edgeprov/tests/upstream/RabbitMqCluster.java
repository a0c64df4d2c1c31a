package io.edgeprov.tests.upstream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A RabbitMQ cluster (Debian's rabbitmq-server 3.10 with rabbitmq_mqtt) on loopback, each node
 * with its own ports, folder and VM, sharing an Erlang cookie in a private HOME and an epmd of
 * the test's own. Node 1 boots first and initialises the database; then nodes 2..n boot together,
 * find node 1 through classic-config peer discovery and join it during their first boot (what
 * {@code rabbitmqctl stop_app; join_cluster; start_app} does, without three CLI runs and an
 * application restart per node). They wait for node 1's full boot because a node that joins while
 * node 1 still migrates its fresh tables to the enabled feature flags fails with
 * {@code schema_integrity_check_failed} (seen with 3.10.8). One rabbitmqctl run then checks that
 * every node is a running member and a member of the MQTT plugin's client id tracker.
 *
 * <p>The plugin tracks MQTT client ids in a Raft cluster over all nodes, so MQTT needs a majority
 * of nodes up: three nodes survive the loss of one, two nodes survive none.
 */
public final class RabbitMqCluster implements UpstreamBroker {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("upstream.rabbitmq.startSeconds", 180));
    private static final Duration CTL_TIMEOUT = Duration.ofSeconds(60);
    private static final String USER = "fleet-sync";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern MEMBERSHIP = Pattern.compile("running=([^;]*);mqtt=([^\"]*)");

    private final RabbitMqInstallation installation;
    private final Path folder;
    private final Path home;
    private final List<RabbitMqNode> nodes;
    private final SubscriptionQueues subscriptionQueues;
    private final UpstreamCredentials credentials;
    private Optional<Epmd> epmd = Optional.empty();
    private Optional<Duration> startupTime = Optional.empty();
    private String startupPhases = "not started";

    private RabbitMqCluster(RabbitMqInstallation installation, Path folder, int size, SubscriptionQueues subscriptionQueues)
            throws IOException {
        this.installation = installation;
        this.folder = folder;
        this.home = Files.createDirectories(folder.resolve("home"));
        this.subscriptionQueues = subscriptionQueues;
        this.credentials = new UpstreamCredentials(USER, randomHex(16));
        String id = randomHex(3);
        List<RabbitMqNode> made = new ArrayList<>();
        for (int index = 0; index < size; index++) {
            made.add(new RabbitMqNode(index, "rabbit-" + id + "-" + (index + 1) + "@localhost", folder.resolve("node" + (index + 1))));
        }
        this.nodes = List.copyOf(made);
    }

    /** Three nodes with quorum subscription queues, in a new folder under {@code parent}; not started yet. */
    public static RabbitMqCluster threeNodes(Path parent) throws IOException {
        return of(parent, 3, SubscriptionQueues.QUORUM);
    }

    /**
     * {@code size} nodes (3 or more: the MQTT plugin's client id tracking needs a Raft majority, so
     * two nodes would stop taking MQTT connections when either is lost) in a new folder under {@code parent}.
     */
    public static RabbitMqCluster of(Path parent, int size, SubscriptionQueues subscriptionQueues) throws IOException {
        if (size < 3) {
            throw new IllegalArgumentException("a RabbitMQ MQTT cluster needs 3 nodes or more to lose one, not " + size);
        }
        RabbitMqInstallation installation = RabbitMqInstallation.locate();
        return new RabbitMqCluster(installation, Files.createTempDirectory(parent, "rabbitmq-"), size, subscriptionQueues);
    }

    @Override
    public String name() {
        return "rabbitmq-" + nodes.size() + "-nodes-" + subscriptionQueues.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public List<MqttEndpoint> nodes() {
        return nodes.stream().map(RabbitMqNode::endpoint).toList();
    }

    @Override
    public UpstreamCredentials credentials() {
        return credentials;
    }

    /** The Erlang node names, e.g. {@code rabbit-1a2b3c-1@localhost}, in node order. */
    public List<String> nodeNames() {
        return nodes.stream().map(node -> node.name).toList();
    }

    /** How long the last {@link #start()} took, from launching epmd to the membership check. */
    public Optional<Duration> startupTime() {
        return startupTime;
    }

    /** Where the last {@link #start()} spent its time, for figures. */
    public String startupPhases() {
        return startupPhases;
    }

    /** The folder holding every node's config, database and log; deleted by {@link #close()}. */
    public Path folder() {
        return folder;
    }

    @Override
    public void start() throws Exception {
        if (epmd.isPresent()) {
            throw new IllegalStateException("the cluster is already started");
        }
        long began = System.nanoTime();
        Files.writeString(folder.resolve("rabbitmq-env.conf"), "# empty: keeps /etc/rabbitmq/rabbitmq-env.conf out\n");
        writeCookie();
        epmd = Optional.of(Epmd.start(installation.epmd(), folder.resolve("epmd.log")));
        for (RabbitMqNode node : nodes) {
            writeNodeFiles(node);
        }
        try {
            nodes.get(0).start(installation.server(), clusterEnvironment());
            nodes.get(0).awaitMqtt(START_TIMEOUT);
            long first = System.nanoTime();
            for (RabbitMqNode node : nodes.subList(1, nodes.size())) {
                node.start(installation.server(), clusterEnvironment());
            }
            for (RabbitMqNode node : nodes.subList(1, nodes.size())) {
                node.awaitMqtt(START_TIMEOUT);
            }
            long joined = System.nanoTime();
            Membership membership = membership(0);
            startupPhases = String.format(java.util.Locale.ROOT, "node 1 %.1f s, nodes 2-%d %.1f s, membership check %.1f s",
                    (first - began) / 1e9, nodes.size(), (joined - first) / 1e9, (System.nanoTime() - joined) / 1e9);
            if (!membership.running().containsAll(nodeNames()) || !membership.clientIdTracking().containsAll(nodeNames())) {
                throw new IllegalStateException("the cluster formed without every node: " + membership + ", expected "
                        + nodeNames() + "\n" + nodes.get(nodes.size() - 1).logTail());
            }
        } catch (Exception | AssertionError e) {
            stopEverything();
            throw e;
        }
        startupTime = Optional.of(Duration.ofNanos(System.nanoTime() - began));
    }

    @Override
    public void stopNode(int node) throws InterruptedException {
        nodes.get(node).stop();
    }

    @Override
    public void startNode(int node) throws Exception {
        RabbitMqNode restarted = nodes.get(node);
        restarted.start(installation.server(), clusterEnvironment());
        restarted.awaitMqtt(START_TIMEOUT);
    }

    /** The PIDs of the Erlang VMs and of epmd running now, for tests that check nothing is left behind. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        nodes.forEach(node -> node.pid().ifPresent(pids::add));
        epmd.ifPresent(running -> pids.add(running.pid()));
        return pids;
    }

    /**
     * Who is in the cluster, as node {@code via} sees it: the running RabbitMQ nodes and the members of
     * the MQTT plugin's Raft cluster ({@code mqtt_node}) that tracks client ids. One rabbitmqctl run.
     */
    public Membership membership(int via) throws IOException, InterruptedException {
        String output = ctl(nodes.get(via), "eval", "{ok, Members, _} = ra:members({mqtt_node, node()}), "
                + "lists:flatten(io_lib:format(\"running=~s;mqtt=~s\", "
                + "[lists:join(\",\", [atom_to_list(N) || N <- rabbit_nodes:all_running()]), "
                + "lists:join(\",\", [atom_to_list(N) || {_, N} <- Members])])).");
        Matcher matcher = MEMBERSHIP.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected rabbitmqctl eval output: " + output);
        }
        return new Membership(names(matcher.group(1)), names(matcher.group(2)));
    }

    /** Running nodes and client id tracker members, by Erlang node name. */
    public record Membership(List<String> running, List<String> clientIdTracking) {
        public Membership {
            running = List.copyOf(running);
            clientIdTracking = List.copyOf(clientIdTracking);
        }
    }

    private static List<String> names(String commaSeparated) {
        return commaSeparated.isEmpty() ? List.of() : List.of(commaSeparated.split(","));
    }

    /** Runs rabbitmqctl against {@code node} and returns its standard output; fails with its output on a non-zero exit. */
    String ctl(RabbitMqNode node, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(installation.ctl().toString(), "-n", node.name));
        command.addAll(List.of(arguments));
        Path out = Files.createTempFile(folder, "rabbitmqctl-", ".out");
        Path err = Files.createTempFile(folder, "rabbitmqctl-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("RABBITMQ_") || key.startsWith("ERL_"));
        environment.putAll(clusterEnvironment());
        // The CLI is an Erlang node too; its default distribution ports (35672-35682) are shared by every run on the machine.
        String cliPort = Integer.toString(Ports.freeLoopbackPort());
        environment.put("RABBITMQ_CTL_DIST_PORT_MIN", cliPort);
        environment.put("RABBITMQ_CTL_DIST_PORT_MAX", cliPort);
        Process process = builder.start();
        if (!process.waitFor(CTL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IllegalStateException("rabbitmqctl " + String.join(" ", arguments) + " took over " + CTL_TIMEOUT);
        }
        String output = Files.readString(out);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("rabbitmqctl " + String.join(" ", arguments) + " exited " + process.exitValue()
                    + ": " + output + Files.readString(err));
        }
        return output;
    }

    @Override
    public void close() throws Exception {
        try {
            stopEverything();
        } finally {
            Folders.deleteTree(folder);
        }
    }

    /** SIGTERM to every VM at once, then waits for each; epmd last, once no node needs it. */
    private void stopEverything() throws InterruptedException {
        for (RabbitMqNode node : nodes) {
            node.pid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroy);
        }
        for (RabbitMqNode node : nodes) {
            node.stop();
        }
        if (epmd.isPresent()) {
            epmd.get().close();
            epmd = Optional.empty();
        }
    }

    private Map<String, String> clusterEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        // The Erlang cookie is $HOME/.erlang.cookie for nodes and CLI alike (RABBITMQ_ERLANG_COOKIE is deprecated in 3.10).
        environment.put("HOME", home.toString());
        environment.put("ERL_EPMD_PORT", Integer.toString(epmd.orElseThrow().port()));
        environment.put("ERL_EPMD_ADDRESS", "127.0.0.1");
        environment.put("RABBITMQ_CONF_ENV_FILE", folder.resolve("rabbitmq-env.conf").toString());
        // exec erl instead of running it in the background of a shell that traps signals: the child is beam.smp.
        environment.put("RABBITMQ_ALLOW_INPUT", "true");
        environment.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-noinput -kernel inet_dist_use_interface {127,0,0,1}");
        environment.put("LANG", "C.UTF-8");
        environment.put("LC_ALL", "C.UTF-8");
        return environment;
    }

    private void writeCookie() throws IOException {
        Path cookie = home.resolve(".erlang.cookie");
        if (!Files.exists(cookie)) {
            Files.createFile(cookie, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(cookie, "EDGEPROV" + randomHex(16).toUpperCase(java.util.Locale.ROOT));
            // Erlang refuses a cookie file that others can read; owner read-only as rabbitmq-server's own is.
            Files.setPosixFilePermissions(cookie, PosixFilePermissions.fromString("r--------"));
        }
    }

    private void writeNodeFiles(RabbitMqNode node) throws IOException {
        StringBuilder conf = new StringBuilder()
                .append("# Written by the fleet upstream test harness (RabbitMqCluster).\n")
                .append("listeners.tcp.default = 127.0.0.1:").append(node.amqpPort).append('\n')
                .append("mqtt.listeners.tcp.default = 127.0.0.1:").append(node.mqttPort).append('\n')
                .append("mqtt.allow_anonymous = false\n")
                // Created at the first node's first boot, replicated to the others with the rest of the database.
                .append("default_user = ").append(credentials.username()).append('\n')
                .append("default_pass = ").append(credentials.password()).append('\n')
                .append("log.console = false\n")
                .append("log.file.level = info\n");
        if (node.index > 0) {
            conf.append("cluster_formation.peer_discovery_backend = classic_config\n")
                    .append("cluster_formation.classic_config.nodes.1 = ").append(nodes.get(0).name).append('\n')
                    // Node 1 may still be booting: try for up to a minute before giving up (and booting alone).
                    .append("cluster_formation.discovery_retry_limit = 240\n")
                    .append("cluster_formation.discovery_retry_interval = 250\n");
        }
        Files.writeString(node.configFile(), conf);
        String queueType = subscriptionQueues == SubscriptionQueues.QUORUM ? "{durable_queue_type, quorum}" : "";
        Files.writeString(node.advancedConfigFile(), "[{rabbitmq_mqtt, [" + queueType + "]}].\n");
        Files.writeString(node.enabledPluginsFile(), "[rabbitmq_mqtt].\n");
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
