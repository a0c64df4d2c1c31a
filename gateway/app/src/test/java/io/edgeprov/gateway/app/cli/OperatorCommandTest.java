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
        GivenGateway.Device person = GivenGateway.operatorCertificate(ca, "alice");
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
        Path pem = pem("bob.pem", GivenGateway.operatorCertificate(ca, "bob"));
        CliRun.run("operator", "add", "--config", config.toString(), "--name", "bob", "--role", "auditor",
                "--certificate", pem.toString());

        CliRun.Outcome again = CliRun.run("operator", "add", "--config", config.toString(), "--name", "bob2", "--role",
                "auditor", "--certificate", pem.toString());

        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.out()).contains("not added: an operator with this name or certificate is already registered");
    }

    @Test
    void an_unknown_role_is_a_usage_error_naming_the_roles() throws Exception {
        Path pem = pem("carol.pem", GivenGateway.operatorCertificate(ca, "carol"));

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

    @Test
    void a_device_certificate_cannot_identify_a_person() throws Exception {
        Path pem = pem("device.pem", GivenGateway.deviceCertificate(ca, "SN-4711"));

        CliRun.Outcome outcome = CliRun.run("operator", "add", "--config", config.toString(), "--name", "frank", "--role",
                "operator", "--certificate", pem.toString());

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("a device or gateway certificate cannot identify a person");
    }

    @Test
    void issue_writes_a_pkcs12_the_password_opens_and_never_prints_or_audits_the_password() throws Exception {
        String password = "s3cret-Operator-Passw0rd";
        Path passwordFile = Files.writeString(folder.resolve("grace.pass"), password + "\n");
        Path p12 = folder.resolve("grace.p12");
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.edgeprov");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        CliRun.Outcome outcome;
        try {
            outcome = CliRun.run("operator", "add", "--config", config.toString(), "--name", "grace", "--role", "technician",
                    "--issue", p12.toString(), "--password-file", passwordFile.toString());
        } finally {
            logger.detachAppender(logs);
        }

        assertThat(outcome.exit()).as(outcome.all()).isZero();
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = Files.newInputStream(p12)) {
            store.load(in, password.toCharArray());
        }
        java.security.cert.X509Certificate leaf = (java.security.cert.X509Certificate) store.getCertificate("grace");
        assertThat(leaf.getSubjectX500Principal().getName()).contains("CN=grace").contains("OU=Operators");
        assertThat(store.getKey("grace", password.toCharArray())).isNotNull();
        assertThat(outcome.out()).contains(Sha256Digest.of(leaf.getEncoded()).hex());
        assertThat(outcome.all()).doesNotContain(password);
        assertThat(logs.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains(password));
        byte[] key = store.getKey("grace", password.toCharArray()).getEncoded();
        String keyHex = java.util.HexFormat.of().formatHex(key);
        try (SqliteAuditReader reader = SqliteAuditReader.open(gateway.resolve("data").resolve("registry.db"))) {
            assertThat(reader.entriesFrom(1, 10_000)).extracting(e -> e.event().toString())
                    .noneMatch(e -> e.contains(password) || e.contains(keyHex));
        }
    }

    @Test
    void issue_refuses_a_short_password_and_writes_nothing() throws Exception {
        Path passwordFile = Files.writeString(folder.resolve("short.pass"), "short\n");
        Path p12 = folder.resolve("heidi.p12");

        CliRun.Outcome outcome = CliRun.run("operator", "add", "--config", config.toString(), "--name", "heidi", "--role",
                "auditor", "--issue", p12.toString(), "--password-file", passwordFile.toString());

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("at least 8 characters").doesNotContain("short\n");
        assertThat(p12).doesNotExist();
    }

    @Test
    void disable_and_enable_switch_an_operator_and_are_audited() throws Exception {
        Path pem = pem("ivan.pem", GivenGateway.operatorCertificate(ca, "ivan"));
        CliRun.run("operator", "add", "--config", config.toString(), "--name", "ivan", "--role", "auditor",
                "--certificate", pem.toString());

        CliRun.Outcome disabled = CliRun.run("operator", "disable", "--config", config.toString(), "--name", "ivan");
        CliRun.Outcome listed = CliRun.run("operator", "list", "--config", config.toString());
        CliRun.Outcome unknown = CliRun.run("operator", "enable", "--config", config.toString(), "--name", "nobody");

        assertThat(disabled.exit()).as(disabled.all()).isZero();
        assertThat(listed.out()).containsPattern("ivan .* disabled");
        assertThat(unknown.exit()).isEqualTo(1);
    }

    private static Path pem(String name, GivenGateway.Device person) throws Exception {
        Path file = folder.resolve(name);
        Files.writeString(file, Certificates.toPem(person.chain().get(0)), StandardCharsets.US_ASCII);
        return file;
    }
}
