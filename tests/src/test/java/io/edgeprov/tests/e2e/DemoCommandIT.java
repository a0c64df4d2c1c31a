package io.edgeprov.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.app.cli.EdgeProvisionerCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The README's first command, small: the demo enrolls, renews, revokes and leaves an intact audit chain. */
class DemoCommandIT {
    @TempDir
    static Path folder;
    static String output;
    static int exit;

    @BeforeAll
    static void given_a_short_demo_run() {
        StringWriter out = new StringWriter();
        CommandLine command = EdgeProvisionerCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(out, true));
        exit = command.execute("demo", "--out", folder.toString(), "--devices", "6", "--duration", "15s",
                "--renew-after", "3s", "--revoke", "1", "--console", "never");
        output = out.toString();
    }

    @Test
    void the_demo_finishes_successfully() {
        assertThat(exit).as(output).isZero();
    }

    @Test
    void every_device_enrolls_and_renews() {
        assertThat(output).containsPattern("enrolled ([6-9]|\\d{2,}), renewed [1-9]");
    }

    @Test
    void strangers_are_refused_as_not_enrolled() {
        assertThat(output).contains("strangers: enrolled 0, refused {NOT_ENROLLED=");
    }

    @Test
    void the_operator_revocation_is_shown_and_the_audit_chain_is_intact() {
        assertThat(output).contains("operator revoked sensor-", "audit chain intact");
    }

    @Test
    void the_revoked_device_stops_instead_of_reconnecting_forever() {
        assertThat(output).as("the fleet report's final states").containsPattern("final states\\s+\\{[^}]*FAILED=1")
                .doesNotContainPattern("final states\\s+\\{[^}]*RECONNECTING");
    }

    @Test
    void no_secret_reaches_the_console_or_any_file_the_demo_wrote() throws IOException {
        assertThat(output).doesNotContain("PRIVATE KEY");
        List<String> passphrases = new ArrayList<>();
        List<Path> written = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                String name = file.getFileName().toString();
                if (name.endsWith(".pass")) {
                    passphrases.add(read(file).trim());
                } else if (!name.endsWith(".p12")) {
                    written.add(file); // the registry, its WAL, CRLs, PEMs, gateway.yaml, devices.csv
                }
            });
        }
        assertThat(passphrases).as("root, gateway CA, operator").hasSize(3);
        assertThat(written).anySatisfy(file -> assertThat(file.getFileName().toString()).isEqualTo("registry.db"));
        for (Path file : written) {
            String content = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(content).as(file.toString()).doesNotContain("PRIVATE KEY");
            for (String passphrase : passphrases) {
                assertThat(content).as(file.toString()).doesNotContain(passphrase);
                assertThat(output).doesNotContain(passphrase);
            }
        }
    }

    @Test
    void the_demo_issues_an_operator_file_for_the_console_and_says_how_to_open_it() throws Exception {
        Path p12;
        try (Stream<Path> files = Files.walk(folder)) {
            p12 = files.filter(file -> file.getFileName().toString().equals("operator.p12")).findFirst().orElseThrow();
        }
        char[] password = read(p12.resolveSibling("operator.pass")).trim().toCharArray();
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            store.load(in, password);
        }
        String alias = java.util.Collections.list(store.aliases()).stream().filter(a -> {
            try {
                return store.isKeyEntry(a);
            } catch (java.security.KeyStoreException e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        assertThat(((java.security.cert.X509Certificate) store.getCertificate(alias)).getSubjectX500Principal().getName())
                .contains("demo-operator");
        assertThat(output).contains("provisioner-ui/console.sh --gateway 127.0.0.1:PORT --certificate " + p12)
                .contains("password kept in " + p12.resolveSibling("operator.pass"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
