package io.edgeprov.gateway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.app.config.GatewayConfigLoader;
import io.edgeprov.pki.keys.Pkcs12CaKeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
    @TempDir
    static Path shared;
    static Path gateway;
    static CliRun.Outcome firstInit;

    @TempDir
    Path folder;

    @BeforeAll
    static void init_once() throws Exception {
        gateway = shared.resolve("gw");
        firstInit = CliRun.run(GivenGateway.initArguments(gateway));
        assertThat(firstInit.exit()).as(firstInit.all()).isZero();
    }

    @Test
    void init_creates_key_files_readable_by_the_owner_only() throws Exception {
        thenOwnerOnly(gateway.resolve("fleet-root.p12"));
        thenOwnerOnly(gateway.resolve("gateway-ca.p12"));
    }

    @Test
    void init_writes_a_config_that_the_loader_accepts_and_that_points_at_the_gateway_ca() throws Exception {
        GatewayConfig config = new GatewayConfigLoader().load(gateway.resolve("gateway.yaml"));

        assertThat(config.gatewayId()).isEqualTo(GivenGateway.GATEWAY_ID);
        assertThat(config.caKey()).isInstanceOfSatisfying(GatewayConfig.CaKey.Pkcs12.class,
                pkcs12 -> assertThat(pkcs12.path()).isEqualTo(gateway.resolve("gateway-ca.p12").toAbsolutePath().normalize()));
    }

    @Test
    void init_signs_the_gateway_ca_with_the_fleet_root_it_made() throws Exception {
        try (Pkcs12CaKeyStore ca = GivenGateway.gatewayCa(gateway)) {
            X509Certificate gatewayCa = ca.certificate();
            X509Certificate root = ca.certificateChain().get(1);

            gatewayCa.verify(root.getPublicKey());
            assertThat(gatewayCa.getBasicConstraints()).isZero();
            assertThat(gatewayCa.getSubjectX500Principal().getName()).contains("gw1 Gateway CA");
        }
    }

    @Test
    void init_says_the_fleet_root_is_for_offline_use() {
        assertThat(firstInit.out()).contains("OFFLINE").contains("fleet-root.p12");
    }

    @Test
    void init_refuses_to_overwrite_existing_files() throws Exception {
        byte[] before = Files.readAllBytes(gateway.resolve("gateway-ca.p12"));

        CliRun.Outcome again = CliRun.run(GivenGateway.initArguments(gateway));

        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
        assertThat(Files.readAllBytes(gateway.resolve("gateway-ca.p12"))).isEqualTo(before);
    }

    @Test
    void init_without_a_root_passphrase_is_a_usage_error() {
        CliRun.Outcome outcome = CliRun.run("init", "--out", folder.resolve("x").toString(), "--fleet-org", "Acme",
                "--trust-domain", "fleet.acme.test", "--gateway-id", "gw1", "--ca-passphrase-env", "SOME_VARIABLE");

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("--root-passphrase-file");
        assertThat(folder.resolve("x")).doesNotExist();
    }

    @Test
    void init_with_an_upper_case_trust_domain_is_a_usage_error_naming_the_option() {
        CliRun.Outcome outcome = CliRun.run("init", "--out", folder.resolve("x").toString(), "--fleet-org", "Acme",
                "--trust-domain", "Fleet.Example", "--gateway-id", "gw1", "--root-passphrase-env", "A", "--ca-passphrase-env", "B");

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("--trust-domain").contains("lower-case DNS name");
    }

    @Test
    void init_with_an_imported_ca_uses_that_ca_and_makes_no_fleet_root() throws Exception {
        Path second = folder.resolve("gw2");

        CliRun.Outcome outcome = CliRun.run("init", "--out", second.toString(), "--fleet-org", GivenGateway.ORG,
                "--trust-domain", GivenGateway.TRUST_DOMAIN, "--gateway-id", "gw2",
                "--import-ca", gateway.resolve("gateway-ca.p12").toString(),
                "--ca-passphrase-file", GivenGateway.caPassphraseFile(gateway).toString());

        assertThat(outcome.exit()).as(outcome.all()).isZero();
        assertThat(second.resolve("fleet-root.p12")).doesNotExist();
        thenOwnerOnly(second.resolve("gateway-ca.p12"));
        assertThat(Files.readAllBytes(second.resolve("gateway-ca.p12"))).isEqualTo(Files.readAllBytes(gateway.resolve("gateway-ca.p12")));
    }

    private static void thenOwnerOnly(Path file) throws Exception {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        assertThat(PosixFilePermissions.toString(permissions)).as(file.toString()).isEqualTo("rw-------");
    }
}
