package io.edgeprov.gateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.gateway.app.config.GatewayConfig.CaKey;
import io.edgeprov.gateway.app.config.GatewayConfig.SecretRef;
import io.edgeprov.pki.KeyAlgorithm;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class GatewayConfigLoaderTest {
    private static final Path BASE = Path.of("/etc/edgeprov");
    private static final String MINIMAL = """
            gateway:
              id: gw-01
            fleet:
              organization: Acme Devices
              trustDomain: fleet.acme.example
            ca:
              path: ca/gateway-ca.p12
              passphraseEnv: EDGEPROV_CA_PASSPHRASE
            """;

    private static final String EXTERNAL = "mqtt:\n  mode: external\n  externalHost: 127.0.0.1\n";

    private final GatewayConfigLoader loader = new GatewayConfigLoader();

    private GatewayConfig load(String yaml) throws ConfigException {
        return loader.parse("gateway.yaml", yaml.getBytes(StandardCharsets.UTF_8), BASE);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String yaml) {
        return assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class);
    }

    @Test
    void minimal_file_gets_the_documented_defaults() throws Exception {
        GatewayConfig config = load(MINIMAL);
        assertThat(config.gatewayId()).isEqualTo("gw-01");
        assertThat(config.dataDir()).isEqualTo(Path.of("/etc/edgeprov/data"));
        assertThat(config.caKey()).isEqualTo(new CaKey.Pkcs12(Path.of("/etc/edgeprov/ca/gateway-ca.p12"),
                new SecretRef.FromEnvironment("EDGEPROV_CA_PASSPHRASE")));
        assertThat(config.certificates().lifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(config.certificates().allowedKeys()).contains(KeyAlgorithm.EC_P256, KeyAlgorithm.RSA_2048);
        assertThat(config.certificates().crlUrls()).as("none configured: the gateway's own /crl").isEmpty();
        assertThat(config.enrollment().challengeTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.mqtt().mode()).isEqualTo(GatewayConfig.Mqtt.Mode.EMBEDDED);
        assertThat(config.mqtt().bind()).isEqualTo("127.0.0.1");
        assertThat(config.http().port()).isEqualTo(9464);
    }

    @Test
    void without_crl_urls_certificates_name_the_crl_served_on_the_http_endpoint() throws Exception {
        GatewayConfig config = load(MINIMAL + "http:\n  bind: 10.0.0.7\n  port: 9470\n");

        assertThat(config.certificates().crlUrlsOr(() -> config.http().crlUrl(9470)))
                .containsExactly(URI.create("http://10.0.0.7:9470/crl"));
        assertThat(new GatewayConfig.Http("::1", 0).crlUrl(41000)).isEqualTo(URI.create("http://[::1]:41000/crl"));
    }

    @Test
    void configured_crl_urls_are_written_into_certificates_as_given() throws Exception {
        GatewayConfig config = load(MINIMAL + "certificates:\n  crlUrls: [\"http://crl.acme.example/gw-01.crl\"]\n");

        assertThat(config.certificates().crlUrlsOr(() -> config.http().crlUrl(9464)))
                .containsExactly(URI.create("http://crl.acme.example/gw-01.crl"));
    }

    @Test
    void a_wildcard_http_bind_needs_crl_urls_because_it_names_no_reachable_address() throws Exception {
        assertRefused(MINIMAL + "http:\n  bind: 0.0.0.0\n").hasMessageContaining("certificates.crlUrls: required when http.bind"
                + " is a wildcard address (0.0.0.0)");
        assertRefused(MINIMAL + "http:\n  bind: \"::\"\n").hasMessageContaining("certificates.crlUrls: required");
        assertThat(load(MINIMAL + "http:\n  bind: 0.0.0.0\ncertificates:\n  crlUrls: [\"http://gw-01.acme.example:9464/crl\"]\n")
                .certificates().crlUrls()).containsExactly(URI.create("http://gw-01.acme.example:9464/crl"));
    }

    @Test
    void pkcs11_key_with_a_pin_file_is_read() throws Exception {
        GatewayConfig config = load(MINIMAL.replace("""
                  path: ca/gateway-ca.p12
                  passphraseEnv: EDGEPROV_CA_PASSPHRASE
                """, """
                  type: pkcs11
                  tokenLabel: edge-ca
                  pinFile: /run/secrets/pin
                """));
        assertThat(config.caKey()).isEqualTo(new CaKey.Pkcs11(Path.of("/usr/lib/softhsm/libsofthsm2.so"), "edge-ca",
                "gateway-ca", new SecretRef.FromFile(Path.of("/run/secrets/pin"))));
    }

    @Test
    void missing_gateway_id_is_named() {
        assertRefused(MINIMAL.replace("  id: gw-01\n", "  dataDir: /var/lib/edgeprov\n"))
                .hasMessageContaining("gateway.id: missing");
    }

    @Test
    void a_misspelt_key_is_refused_with_the_allowed_keys() {
        assertRefused(MINIMAL + "certificates:\n  lifetme: 12h\n")
                .hasMessageContaining("certificates.lifetme: unknown key; allowed here: lifetime, allowedKeys");
    }

    @Test
    void a_passphrase_written_into_the_file_is_refused_without_echoing_it() {
        assertRefused(MINIMAL.replace("  passphraseEnv: EDGEPROV_CA_PASSPHRASE\n", "  passphrase: hunter2-secret\n"))
                .hasMessageContaining("ca.passphrase: unknown key")
                .hasMessageContaining("the secret itself never goes in this file")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void both_a_passphrase_file_and_variable_are_refused() {
        assertRefused(MINIMAL.replace("  passphraseEnv: EDGEPROV_CA_PASSPHRASE\n",
                "  passphraseEnv: EDGEPROV_CA_PASSPHRASE\n  passphraseFile: /run/secrets/ca\n"))
                .hasMessageContaining("ca.passphraseFile / ca.passphraseEnv: give exactly one");
    }

    @Test
    void lifetime_outside_five_minutes_to_thirty_days_is_refused() {
        assertRefused(MINIMAL + "certificates:\n  lifetime: 60d\n")
                .hasMessageContaining("certificates.lifetime: '60d' is not allowed");
        assertRefused(MINIMAL + "certificates:\n  lifetime: 1 day\n")
                .hasMessageContaining("expected a duration such as 90s");
    }

    @Test
    void unknown_key_algorithm_is_refused_with_the_allowed_ones() {
        assertRefused(MINIMAL + "certificates:\n  allowedKeys: [ec-p256, ed25519]\n")
                .hasMessageContaining("certificates.allowedKeys: unknown key algorithm 'ed25519'; allowed: ec-p256");
    }

    @Test
    void bad_trust_domain_is_refused() {
        assertRefused(MINIMAL.replace("fleet.acme.example", "Fleet/Acme"))
                .hasMessageContaining("fleet: trust domain must be a lower-case DNS name");
    }

    @Test
    void external_broker_needs_a_host() {
        assertRefused(MINIMAL + "mqtt:\n  mode: external\n")
                .hasMessageContaining("mqtt.externalHost: missing");
    }

    @Test
    void external_mosquitto_keys_are_read_with_relative_paths_from_the_config_folder() throws Exception {
        GatewayConfig config = load(MINIMAL + EXTERNAL + "  externalEnrollPort: 9884\n  mosquittoDir: broker/mosquitto\n"
                + "  mosquittoPidFile: /run/mosquitto/mosquitto.pid\n  mosquittoUser: mosquitto\n");

        assertThat(config.mqtt().mosquitto()).isEqualTo(new GatewayConfig.Mosquitto(9884,
                Optional.of(Path.of("/etc/edgeprov/broker/mosquitto")), Optional.of(Path.of("/run/mosquitto/mosquitto.pid")),
                Optional.of("mosquitto")));
    }

    @Test
    void external_mosquitto_keys_default_to_the_enrollment_port_8884_and_nothing_else() throws Exception {
        GatewayConfig config = load(MINIMAL + EXTERNAL);

        assertThat(config.mqtt().mosquitto()).isEqualTo(GatewayConfig.Mosquitto.defaults(8884));
    }

    @Test
    void enrollment_port_equal_to_the_mtls_port_is_refused() {
        assertRefused(MINIMAL + EXTERNAL + "  externalPort: 9000\n  externalEnrollPort: 9000\n")
                .hasMessageContaining("mqtt.externalEnrollPort: must differ from mqtt.externalPort (9000)");
    }

    @Test
    void caps_on_certificate_less_connections_are_read_and_default_when_absent() throws Exception {
        assertThat(load(MINIMAL).rateLimits().unenrolledConnectionsPerSource())
                .isEqualTo(GatewayConfig.RateLimits.DEFAULT_UNENROLLED_PER_SOURCE);
        GatewayConfig.RateLimits limits = load(MINIMAL + "rateLimits:\n  unenrolledConnectionsPerSource: 8\n"
                + "  unenrolledConnectionsTotal: 200\n").rateLimits();
        assertThat(limits.unenrolledConnectionsPerSource()).isEqualTo(8);
        assertThat(limits.unenrolledConnectionsTotal()).isEqualTo(200);
    }

    @Test
    void a_per_source_cap_above_the_total_is_refused() {
        assertRefused(MINIMAL + "rateLimits:\n  unenrolledConnectionsPerSource: 300\n  unenrolledConnectionsTotal: 200\n")
                .hasMessageContaining("rateLimits.unenrolledConnectionsPerSource (300) must not exceed");
    }

    @Test
    void mosquitto_user_that_is_not_a_posix_name_is_refused() {
        assertRefused(MINIMAL + EXTERNAL + "  mosquittoUser: \"root; rm\"\n")
                .hasMessageContaining("mqtt.mosquittoUser")
                .hasMessageContaining("a POSIX user name");
    }

    @Test
    void port_out_of_range_and_wrong_type_are_refused() {
        assertRefused(MINIMAL + "http:\n  port: 70000\n")
                .hasMessageContaining("http.port: '70000' is not allowed; expected a whole number from 0 to 65535");
        assertRefused(MINIMAL + "http:\n  port: eighty\n")
                .hasMessageContaining("http.port: 'eighty' is not allowed");
    }

    @Test
    void every_problem_is_reported_at_once() throws Exception {
        ConfigException refused = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> load(MINIMAL + "mqtt:\n  mode: carrier-pigeon\nrateLimits:\n  perDevicePerMinute: 0\n"));
        assertThat(refused.problems()).hasSize(2);
    }

    @Test
    void text_that_is_not_yaml_is_refused() {
        assertRefused("gateway: [unclosed\n").hasMessageContaining("not valid YAML");
        assertRefused("- just\n- a list\n").hasMessageContaining("must be a YAML mapping");
    }

    @Test
    void duplicate_keys_are_refused() {
        assertRefused(MINIMAL + "gateway:\n  id: gw-02\n").hasMessageContaining("not valid YAML");
    }

    @Test
    void a_missing_file_is_named() {
        assertThatThrownBy(() -> loader.load(Path.of("/nonexistent/gateway.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("/nonexistent/gateway.yaml: cannot read the file");
    }

    @Test
    void coap_is_on_by_default_on_the_mqtt_address_and_the_coaps_port() throws Exception {
        GatewayConfig config = load(MINIMAL + "mqtt:\n  bind: 10.0.0.7\n");

        assertThat(config.coap().enabled()).isTrue();
        assertThat(config.coap().bind()).isEqualTo("10.0.0.7");
        assertThat(config.coap().port()).isEqualTo(5684);
        assertThat(config.coap().connectionIdLength()).isEqualTo(6);
    }

    @Test
    void the_coap_section_is_read() throws Exception {
        GatewayConfig config = load(MINIMAL + "coap:\n  enabled: false\n  bind: ::1\n  port: 0\n  connectionIdLength: 8\n"
                + "  maxConnections: 500\n");

        assertThat(config.coap()).isEqualTo(new GatewayConfig.Coap(false, "::1", 0, 8, 500));
    }

    @Test
    void bad_coap_values_are_refused_with_a_precise_reason() {
        assertRefused(MINIMAL + "coap:\n  enabled: yes please\n").hasMessageContaining("coap.enabled")
                .hasMessageContaining("true or false");
        assertRefused(MINIMAL + "coap:\n  port: 70000\n").hasMessageContaining("coap.port")
                .hasMessageContaining("0 to 65535");
        assertRefused(MINIMAL + "coap:\n  connectionIdLength: 0\n").hasMessageContaining("coap.connectionIdLength");
        assertRefused(MINIMAL + "coap:\n  maxConnections: 3\n").hasMessageContaining("coap.maxConnections");
        assertRefused(MINIMAL + "coap:\n  cid: 4\n").hasMessageContaining("coap.cid: unknown key");
    }
}
