package io.edgeprov.tests.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The shell reference device of firmware-contracts/reference-device, run as a firmware author runs it:
 * {@code bash SCRIPT --dir FOLDER ...}, each script a child process stopped by its PID. It uses none
 * of our Java; this class only starts the scripts and collects what they print.
 */
final class ReferenceDevice {
    static final int EXIT_MISSING_TOOL = 3;
    static final int EXIT_REVOKED = 10;
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

    private final Path scripts;
    private final Path folder;
    private final String deviceId;
    private final List<String> gateway;

    ReferenceDevice(Path folder, String deviceId, String host, int port, Path caFile) {
        this.scripts = scriptFolder();
        this.folder = folder;
        this.deviceId = deviceId;
        this.gateway = List.of("--device-id", deviceId, "--host", host, "--port", Integer.toString(port),
                "--cafile", caFile.toString());
    }

    /** What a script printed (stdout and stderr together) and how it ended. */
    record Run(int exit, String output, Duration took) {
    }

    String id() {
        return deviceId;
    }

    Path folder() {
        return folder;
    }

    Path file(String name) {
        return folder.resolve(name);
    }

    /** identify.sh: the EK digest an operator allows; the last line of its output. */
    String identify(String ek) throws Exception {
        Run run = run(Map.of(), "identify.sh", "--dir", folder.toString(), "--ek", ek);
        if (run.exit() != 0) {
            throw new AssertionError("identify.sh exited " + run.exit() + ":\n" + run.output());
        }
        String[] lines = run.output().strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    Run enroll(String ek) throws Exception {
        return runWithGateway("enroll.sh", "--ek", ek);
    }

    Run renew(String... extra) throws Exception {
        return runWithGateway("renew.sh", extra);
    }

    Run runWithGateway(String script, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--dir", folder.toString()));
        args.addAll(gateway);
        args.addAll(List.of(extra));
        return run(Map.of(), script, args.toArray(String[]::new));
    }

    /** watch.sh in the background; {@link Watch#watching()} completes once it printed that it is subscribed. */
    Watch watch() throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", scripts.resolve("watch.sh").toString(),
                "--dir", folder.toString()));
        command.addAll(gateway);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new Watch(process);
    }

    Run run(Map<String, String> environment, String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/bash", scripts.resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process));
        try {
            if (!process.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(script + " did not finish within " + SCRIPT_TIMEOUT);
            }
            return new Run(process.exitValue(), output.get(5, TimeUnit.SECONDS), Duration.ofNanos(System.nanoTime() - start));
        } finally {
            process.toHandle().descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    /** The scripts' folder, found from the module's working directory up to the repository root. */
    static Path scriptFolder() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("firmware-contracts/reference-device");
            if (Files.isRegularFile(candidate.resolve("enroll.sh"))) {
                return candidate;
            }
        }
        throw new AssertionError("firmware-contracts/reference-device not found above " + System.getProperty("user.dir"));
    }

    /** A running watch.sh: its output line by line, and its end. */
    static final class Watch implements AutoCloseable {
        private final Process process;
        private final StringBuffer output = new StringBuffer();
        private final CompletableFuture<String> watching = new CompletableFuture<>();
        private final CompletableFuture<Long> revokedAtNanos = new CompletableFuture<>();
        private final Thread reader;

        private Watch(Process process) {
            this.process = process;
            this.reader = new Thread(this::read, "watch.sh-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                    if (line.startsWith("refdev: watching ")) {
                        watching.complete(line);
                    } else if (line.startsWith("refdev: REVOKED: ")) {
                        revokedAtNanos.complete(System.nanoTime());
                    }
                }
            } catch (IOException e) {
                // the process ended; its exit status says how
            } finally {
                watching.completeExceptionally(new AssertionError("watch.sh ended before subscribing:\n" + output));
            }
        }

        CompletableFuture<String> watching() {
            return watching;
        }

        /** {@link System#nanoTime()} when the script printed its REVOKED line, if it did. */
        java.util.Optional<Long> revokedAtNanos() {
            return java.util.Optional.ofNullable(revokedAtNanos.getNow(null));
        }

        /** Waits for the script to end by itself; fails if it is still running after {@code timeout}. */
        Run awaitExit(Duration timeout) throws Exception {
            long start = System.nanoTime();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("watch.sh still runs " + timeout + " later:\n" + output);
            }
            reader.join(5_000);
            return new Run(process.exitValue(), output.toString(), Duration.ofNanos(System.nanoTime() - start));
        }

        String output() {
            return output.toString();
        }

        @Override
        public void close() {
            // SIGTERM to the script; its EXIT trap stops mosquitto_sub and the TPM stack it started
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
