package io.edgeprov.gateway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import io.edgeprov.gateway.registry.sqlite.SqliteAuditReader;
import io.edgeprov.pki.Certificates;
import io.edgeprov.pki.keys.Pkcs12CaKeyStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code operator add} and {@code operator list} on an initialized gateway folder. */
class OperatorCommandTest {
    @TempDir
    static Path folder;
    static Path gateway;
    static Path config;
    static Pkcs12CaKeyStore ca;

    @BeforeAll
    static void given_an_initialized_gateway() throws Exception {
        gateway = folder.resolve("gw");
        config = GivenGateway.initialized(gateway);
        ca = GivenGateway.gatewayCa(gateway);
    }

    @AfterAll
    static void close_the_ca() {
        ca.close();
    }

    @Test
    void an_operator_is_registered_by_the_fingerprint_of_their_certificate_and_listed() throws Exception {
        GivenGateway.Device person = GivenGateway.deviceCertificate(ca, "alice-laptop");
        Path pem = pem("alice.pem", person);

        CliRun.Outcome added = CliRun.run("operator", "add", "--config", config.toString(), "--name", "alice", "--role",
                "operator", "--certificate", pem.toString());
        CliRun.Outcome listed = CliRun.run("operator", "list", "--config", config.toString());

        String fingerprint = Sha256Digest.of(person.chain().get(0).getEncoded()).hex();
        assertThat(added.exit()).as(added.all()).isZero();
        assertThat(added.out()).contains("added: operator alice, role operator, certificate SHA-256 " + fingerprint);
        assertThat(listed.out()).contains("alice").contains(fingerprint).contains("1 operator(s)");
        List<AuditEntry> entries;
        try (SqliteAuditReader reader = SqliteAuditReader.open(gateway.resolve("data").resolve("registry.db"))) {
            entries = reader.entriesFrom(1, 10_000);
        }
        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.event().action()).isEqualTo("operator.add");
            assertThat(entry.event().target()).isEqualTo("operator:alice");
            assertThat(entry.event().actor()).startsWith("local:");
        });
    }

    @Test
    void the_same_certificate_twice_is_refused_with_exit_1() throws Exception {
        Path pem = pem("bob.pem", GivenGateway.deviceCertificate(ca, "bob-laptop"));
        CliRun.run("operator", "add", "--config", config.toString(), "--name", "bob", "--role", "auditor",
                "--certificate", pem.toString());

        CliRun.Outcome again = CliRun.run("operator", "add", "--config", config.toString(), "--name", "bob2", "--role",
                "auditor", "--certificate", pem.toString());

        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.out()).contains("not added: an operator with this name or certificate is already registered");
    }

    @Test
    void an_unknown_role_is_a_usage_error_naming_the_roles() throws Exception {
        Path pem = pem("carol.pem", GivenGateway.deviceCertificate(ca, "carol-laptop"));

        CliRun.Outcome outcome = CliRun.run("operator", "add", "--config", config.toString(), "--name", "carol", "--role",
                "admin", "--certificate", pem.toString());

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("--role: 'admin' is not one of technician, operator, auditor");
    }

    @Test
    void a_ca_certificate_cannot_identify_a_person() throws Exception {
        Path pem = folder.resolve("ca.pem");
        Files.writeString(pem, Certificates.toPem(ca.certificate()), StandardCharsets.US_ASCII);

        CliRun.Outcome outcome = CliRun.run("operator", "add", "--config", config.toString(), "--name", "dave", "--role",
                "auditor", "--certificate", pem.toString());

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("a CA certificate cannot identify a person");
    }

    @Test
    void a_file_that_is_not_a_certificate_is_a_usage_error() throws Exception {
        Path junk = folder.resolve("junk.pem");
        Files.writeString(junk, "not a certificate", StandardCharsets.US_ASCII);

        CliRun.Outcome outcome = CliRun.run("operator", "add", "--config", config.toString(), "--name", "erin", "--role",
                "auditor", "--certificate", junk.toString());

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("is not a certificate");
    }

    private static Path pem(String name, GivenGateway.Device person) throws Exception {
        Path file = folder.resolve(name);
        Files.writeString(file, Certificates.toPem(person.chain().get(0)), StandardCharsets.US_ASCII);
        return file;
    }
}
