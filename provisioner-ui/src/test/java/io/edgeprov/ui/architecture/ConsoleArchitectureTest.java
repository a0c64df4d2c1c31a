package io.edgeprov.ui.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console knows the admin contract only; MVVM layers point one way; only the adapter speaks MQTT. */
class ConsoleArchitectureTest {
    private static JavaClasses console;

    @BeforeAll
    static void import_the_console() {
        console = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.edgeprov.ui");
    }

    @Test
    void the_console_knows_no_gateway_internals() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.edgeprov.gateway..", "io.edgeprov.pki..",
                "io.edgeprov.sim..").because("the console reaches the gateway through the admin contract only").check(console);
    }

    @Test
    void only_the_mqtt_adapter_imports_paho() {
        noClasses().that().resideOutsideOfPackage("io.edgeprov.ui.client.mqtt..").and().doNotHaveFullyQualifiedName("io.edgeprov.ui.ConsoleApp")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.paho..", "io.edgeprov.ui.client.mqtt..")
                .check(console);
    }

    @Test
    void view_models_know_no_views_and_no_scene_graph() {
        noClasses().that().resideInAPackage("io.edgeprov.ui.viewmodel..").should().dependOnClassesThat()
                .resideInAnyPackage("io.edgeprov.ui.view..", "javafx.scene..", "javafx.stage..")
                .because("view models are tested without a toolkit; views bind to them, not the reverse").check(console);
    }

    @Test
    void the_port_knows_no_ui() {
        noClasses().that().resideInAPackage("io.edgeprov.ui.client..").should().dependOnClassesThat()
                .resideInAnyPackage("io.edgeprov.ui.view..", "io.edgeprov.ui.viewmodel..", "javafx..").check(console);
    }
}
