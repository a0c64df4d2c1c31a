package io.edgeprov.gateway.app.cli;

import io.edgeprov.gateway.app.config.ConfigException;
import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.app.config.GatewayConfigLoader;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistry;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** What several commands share: reading the configuration, opening the registry, naming the operator. */
final class CliSupport {
    static final String REGISTRY_FILE = "registry.db";

    private CliSupport() {
    }

    /** A missing file is a usage error (exit 2); a file with bad values is a failure (exit 1) naming every bad key. */
    /**
     * The device ids of a {@code --devices-file}: one per line, blank lines and {@code #} comments skipped. The
     * first bad line is named precisely, so a file of 10,000 ids is fixed in one go.
     */
    static java.util.List<String> deviceIdsFile(CommandSpec spec, Path file) throws java.io.IOException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--devices-file: no file at " + file);
        }
        java.util.List<String> ids = new java.util.ArrayList<>();
        int number = 0;
        for (String line : java.nio.file.Files.readAllLines(file)) {
            number++;
            String id = line.strip();
            if (id.isEmpty() || id.startsWith("#")) {
                continue;
            }
            if (!io.edgeprov.gateway.core.identity.DeviceIds.isValid(id)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--devices-file " + file + " line " + number
                        + ": not a device id (1 to 64 characters of [A-Za-z0-9._-], starting with a letter or digit)");
            }
            ids.add(id);
        }
        if (ids.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--devices-file " + file + " names no device");
        }
        return ids;
    }

    static GatewayConfig loadConfig(CommandSpec spec, Path file) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--config: no file at " + file);
        }
        return new GatewayConfigLoader().load(file);
    }

    static Path registryFile(GatewayConfig config) {
        return config.dataDir().resolve(REGISTRY_FILE);
    }

    /** The local operator as the audit log names them: {@code operator:<OS user>}. */
    static String operator() {
        String user = System.getProperty("user.name", "unknown").replaceAll("[^A-Za-z0-9._@-]", "_");
        return "operator:" + (user.isEmpty() ? "unknown" : user.toLowerCase(Locale.ROOT));
    }

    /** The registry in the configured data folder, with the executor its futures complete on. */
    static final class OpenRegistry implements AutoCloseable {
        final SqliteRegistry registry;
        private final ExecutorService completions;

        OpenRegistry(GatewayConfig config, Clock clock) throws java.io.IOException {
            Files.createDirectories(config.dataDir());
            this.completions = Executors.newSingleThreadExecutor(body -> {
                Thread thread = new Thread(body, "cli-registry-completion");
                thread.setDaemon(true);
                return thread;
            });
            try {
                this.registry = SqliteRegistry.open(SqliteRegistryConfig.defaults(registryFile(config)), clock, completions);
            } catch (RuntimeException e) {
                completions.shutdownNow();
                throw e;
            }
        }

        @Override
        public void close() throws InterruptedException {
            registry.close();
            completions.shutdown();
            completions.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
