package io.edgeprov.sim.tpm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external program (swtpm_setup, tpm2_*) to completion and turns a failure into a
 * {@link TpmOperationException} naming the command, its exit status and a short stderr excerpt.
 *
 * <p>Stdout is returned to the caller but never put into an exception, because some tools
 * (tpm2_activatecredential) print the recovered secret there.
 */
final class ExternalTool {
    static final String INSTALL_HINT = "apt-get install -y swtpm swtpm-tools tpm2-tools";
    private static final int STDERR_EXCERPT = 240;

    private final Path workDir;
    private final Map<String, String> environment;
    private final Duration timeout;

    ExternalTool(Path workDir, Map<String, String> environment, Duration timeout) {
        this.workDir = workDir;
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
    }

    /** The program's absolute path on PATH, or a failure that says which Debian packages to install. */
    static Path locate(String program) throws TpmOperationException {
        return find(program).orElseThrow(() -> new TpmOperationException(
                program + " is not installed (not on PATH): " + INSTALL_HINT));
    }

    static Optional<Path> find(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs {@code program args...} in the work dir and returns its stdout. */
    String run(String program, String... args) throws TpmOperationException {
        List<String> command = new ArrayList<>();
        command.add(locate(program).toString());
        command.addAll(List.of(args));
        Path out = workDir.resolve(".tool.out");
        Path err = workDir.resolve(".tool.err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new TpmOperationException(program + " did not finish within " + timeout);
            }
            int status = process.exitValue();
            if (status != 0) {
                throw new TpmOperationException(program + " failed with exit status " + status + ": "
                        + excerpt(Files.readString(err, StandardCharsets.UTF_8)));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TpmOperationException(program + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TpmOperationException(program + " was interrupted", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover file in the private work dir is removed with the dir; nothing to report
        }
    }

    static String excerpt(String stderr) {
        String oneLine = stderr.strip().replaceAll("\\s+", " ");
        if (oneLine.isEmpty()) {
            return "(no error output)";
        }
        return oneLine.length() <= STDERR_EXCERPT ? oneLine
                : "..." + oneLine.substring(oneLine.length() - STDERR_EXCERPT);
    }
}
