package io.edgeprov.tests.upstream;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's RabbitMQ and Erlang programs. The scripts under /usr/lib/rabbitmq/bin are run, not the
 * /usr/sbin wrappers: run as root, those switch to user {@code rabbitmq} with its home, its cookie
 * and /var/lib/rabbitmq, which is the system service's, not the test's.
 */
record RabbitMqInstallation(Path server, Path ctl, Path epmd) {
    static final String INSTALL = "apt-get install -y rabbitmq-server";
    private static final Path SCRIPTS = Path.of("/usr/lib/rabbitmq/bin");
    private static final List<Path> EPMD = List.of(Path.of("/usr/bin/epmd"), Path.of("/usr/lib/erlang/bin/epmd"));

    /** The installed programs; fails the test with the install line when one is missing. */
    static RabbitMqInstallation locate() {
        Path server = SCRIPTS.resolve("rabbitmq-server");
        Path ctl = SCRIPTS.resolve("rabbitmqctl");
        if (!Files.isExecutable(server) || !Files.isExecutable(ctl)) {
            fail("rabbitmq-server is not installed (no " + server + "): " + INSTALL);
        }
        Path epmd = EPMD.stream().filter(Files::isExecutable).findFirst()
                .orElseGet(() -> fail("epmd (Erlang) is not installed: " + INSTALL + " (it depends on erlang-base)"));
        return new RabbitMqInstallation(server, ctl, epmd);
    }
}
