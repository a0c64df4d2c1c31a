package io.edgeprov.gateway.app.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where one passphrase comes from on the command line: a file or an environment variable, never the value itself. */
final class SecretOptions {
    /** The fleet root's passphrase. */
    static final class Root {
        @Option(names = "--root-passphrase-file", paramLabel = "FILE",
                description = "File holding the fleet root's passphrase (mode 600).")
        Path file;

        @Option(names = "--root-passphrase-env", paramLabel = "VAR",
                description = "Environment variable holding the fleet root's passphrase.")
        String env;

        SecretChoice choice() {
            return new SecretChoice(Optional.ofNullable(file), Optional.ofNullable(env));
        }
    }

    /** The gateway CA's passphrase. */
    static final class Ca {
        @Option(names = "--ca-passphrase-file", paramLabel = "FILE",
                description = "File holding the gateway CA's passphrase (mode 600); gateway.yaml refers to it.")
        Path file;

        @Option(names = "--ca-passphrase-env", paramLabel = "VAR",
                description = "Environment variable holding the gateway CA's passphrase; gateway.yaml refers to it.")
        String env;

        SecretChoice choice() {
            return new SecretChoice(Optional.ofNullable(file), Optional.ofNullable(env));
        }
    }

    /** Exactly one of the two is set (picocli's exclusive group sees to that). */
    record SecretChoice(Optional<Path> file, Optional<String> env) {
    }

    private SecretOptions() {
    }
}
