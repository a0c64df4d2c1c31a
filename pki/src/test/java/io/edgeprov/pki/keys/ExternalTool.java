package io.edgeprov.pki.keys;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool for an IT and waits for it; a missing tool fails the test with install advice. */
final class ExternalTool {
    private final String executable;
    private final String debianPackage;
    private final Map<String, String> environment;

    ExternalTool(String executable, String debianPackage, Map<String, String> environment) {
        this.executable = executable;
        this.debianPackage = debianPackage;
        this.environment = Map.copyOf(environment);
    }

    record Result(int exitCode, String output) {
    }

    /** The tool's full path, or a failed test telling which package to install. */
    Path require() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail(executable + " is not installed: apt-get install -y " + debianPackage);
    }

    /** Runs the tool with {@code arguments}, merged output, killed (by its own process handle) after 60 s. */
    Result run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(require().toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                return fail(executable + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** Runs the tool and fails the test unless it exits with 0; only the first argument is echoed, the rest may hold PINs. */
    String runOk(String... arguments) throws IOException, InterruptedException {
        Result result = run(arguments);
        if (result.exitCode() != 0) {
            return fail(executable + " " + arguments[0] + " exited with " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }
}
