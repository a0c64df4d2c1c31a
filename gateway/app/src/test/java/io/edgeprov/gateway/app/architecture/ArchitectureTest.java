package io.edgeprov.gateway.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the gateway's module boundaries on the main code of every gateway module, and shows that each
 * rule fails on a class that breaks it (the fixtures under {@code ..archfixture}, test code that the
 * main check leaves out).
 */
class ArchitectureTest {
    private static JavaClasses gateway;

    @BeforeAll
    static void import_the_gateway_main_code() {
        gateway = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // The core's fixtures reach the other modules' tests as a test-jar, which the predefined option keeps.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.edgeprov.gateway");
    }

    @Test
    void the_import_sees_every_gateway_module() {
        assertThat(gateway.stream().map(c -> c.getPackageName().split("\\.")[3]).distinct())
                .contains("core", "registry", "mqtt", "coap", "sync", "app");
    }

    @Test
    void the_coap_adapter_knows_no_mqtt_sql_or_registry() {
        GatewayArchitecture.coapKnowsNoMqttSqlOrRegistry().check(gateway);
    }

    @Test
    void only_the_coap_adapter_uses_californium() {
        GatewayArchitecture.onlyTheCoapAdapterUsesCalifornium().check(gateway);
    }

    @Test
    void the_coap_rule_fails_on_a_coap_class_that_reaches_the_registry_or_mqtt() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.edgeprov.gateway.coap.archfixture");

        EvaluationResult result = GatewayArchitecture.coapKnowsNoMqttSqlOrRegistry().evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("java.sql"))
                .anyMatch(line -> line.contains("org.eclipse.paho"));
    }

    @Test
    void the_californium_rule_fails_on_a_core_class_that_imports_californium() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.edgeprov.gateway.core.archfixture");

        EvaluationResult result = GatewayArchitecture.onlyTheCoapAdapterUsesCalifornium().evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("org.eclipse.californium"));
    }

    @Test
    void the_core_imports_no_transport_broker_store_ui_or_cli_library_and_no_adapter() {
        GatewayArchitecture.coreKnowsNoTechnologyAndNoAdapter().check(gateway);
    }

    @Test
    void no_adapter_imports_another_adapter_or_the_application() {
        GatewayArchitecture.adaptersKnowOnlyTheCore().check(gateway);
    }

    @Test
    void only_the_application_uses_the_device_simulator() {
        GatewayArchitecture.onlyTheApplicationUsesTheSimulator().check(gateway);
    }

    @Test
    void no_two_modules_name_a_type_the_same() {
        JavaClasses everything = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.edgeprov");
        Map<String, List<String>> byName = everything.stream()
                .filter(c -> c.isTopLevelClass() && !c.getSimpleName().equals("package-info"))
                .collect(Collectors.groupingBy(JavaClass::getSimpleName, TreeMap::new,
                        Collectors.mapping(JavaClass::getName, Collectors.toList())));

        assertThat(byName).as("types that share a simple name (a reader cannot tell them apart in a stack trace)")
                .allSatisfy((name, types) -> assertThat(types).hasSize(1));
    }

    @Test
    void the_core_rule_fails_on_a_core_class_that_imports_a_broker_client() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.edgeprov.gateway.core.archfixture");

        EvaluationResult result = GatewayArchitecture.coreKnowsNoTechnologyAndNoAdapter().evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("org.eclipse.paho"));
    }

    @Test
    void the_core_rule_fails_on_a_core_class_that_imports_an_adapter() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.edgeprov.gateway.core.archfixture");

        EvaluationResult result = GatewayArchitecture.coreKnowsNoTechnologyAndNoAdapter().evaluate(fixture);

        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("SqliteRegistry"));
    }

    @Test
    void the_adapter_rule_fails_on_an_adapter_class_that_imports_another_adapter() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.edgeprov.gateway.mqtt.archfixture");

        EvaluationResult result = GatewayArchitecture.adaptersKnowOnlyTheCore().evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("SqliteRegistry"));
    }

    @Test
    void the_simulator_rule_fails_on_an_adapter_class_that_runs_a_simulated_device() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.edgeprov.gateway.mqtt.archfixture");

        EvaluationResult result = GatewayArchitecture.onlyTheApplicationUsesTheSimulator().evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("io.edgeprov.sim"));
    }
}
