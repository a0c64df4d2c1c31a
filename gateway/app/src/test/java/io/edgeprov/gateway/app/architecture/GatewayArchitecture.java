package io.edgeprov.gateway.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's module boundaries as rules over packages (docs/decisions/0014): the core knows no
 * transport, broker, store, UI, CLI or metrics library and no adapter; no adapter knows another or
 * the application; only the application uses the device simulator.
 */
final class GatewayArchitecture {
    static final String CORE = "io.edgeprov.gateway.core..";
    static final String APP = "io.edgeprov.gateway.app..";
    /** Every adapter module's package; CoAP, the admin plane and sync arrive as more of them. */
    static final List<String> ADAPTERS = List.of("io.edgeprov.gateway.registry..", "io.edgeprov.gateway.mqtt..",
            "io.edgeprov.gateway.coap..", "io.edgeprov.gateway.admin..", "io.edgeprov.gateway.sync..");
    /** Libraries only adapters or the application may import, each named for the message a violation prints. */
    static final List<String> TECHNOLOGY = List.of(
            "org.eclipse.paho..", "com.hivemq..", "org.eclipse.californium..", "java.sql..", "org.sqlite..",
            "javafx..", "picocli..", "io.micrometer..", "com.sun.net.httpserver..", "ch.qos.logback..",
            "com.fasterxml.jackson..", "org.bouncycastle..", "io.edgeprov.contracts.codec..", "io.edgeprov.sim..");

    private GatewayArchitecture() {
    }

    /** The core imports only the contract's records, the PKI, the JDK and a logging facade. */
    static ArchRule coreKnowsNoTechnologyAndNoAdapter() {
        List<String> forbidden = new ArrayList<>(TECHNOLOGY);
        forbidden.addAll(ADAPTERS);
        forbidden.add(APP);
        return noClasses().that().resideInAPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                .because("the core is transport-, store- and UI-neutral: front ends adapt the wire to its use cases"
                        + " and stores sit behind its ports");
    }

    /** No adapter imports another adapter or the application: they meet only in the composition root. */
    static ArchRule adaptersKnowOnlyTheCore() {
        List<ArchRule> rules = new ArrayList<>();
        for (String adapter : ADAPTERS) {
            List<String> others = new ArrayList<>(ADAPTERS);
            others.remove(adapter);
            others.add(APP);
            rules.add(noClasses().that().resideInAPackage(adapter)
                    .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
                    .allowEmptyShould(true)
                    .because("adapters are wired together only by the application's composition root"));
        }
        CompositeArchRule all = CompositeArchRule.of(rules.get(0));
        for (ArchRule rule : rules.subList(1, rules.size())) {
            all = all.and(rule);
        }
        return all;
    }

    /**
     * The CoAP front end only adapts: it knows no broker, MQTT client, SQL driver, metrics or HTTP library
     * and no codec but the contract's (its counters go through its own {@code CoapMetrics} port).
     */
    static ArchRule coapKnowsNoMqttSqlOrRegistry() {
        return noClasses().that().resideInAPackage("io.edgeprov.gateway.coap..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.paho..", "com.hivemq..", "java.sql..",
                        "org.sqlite..", "io.micrometer..", "com.sun.net.httpserver..", "com.fasterxml.jackson..",
                        "io.edgeprov.gateway.registry..", "io.edgeprov.gateway.mqtt..")
                .allowEmptyShould(true)
                .because("the CoAP adapter decodes, calls the device port and encodes; MQTT, SQLite and the registry are"
                        + " other modules' business (issue 12)");
    }

    /** Californium and Scandium stay inside the CoAP adapter (and the application that starts it). */
    static ArchRule onlyTheCoapAdapterUsesCalifornium() {
        return noClasses().that().resideInAPackage("io.edgeprov.gateway..").and().resideOutsideOfPackages(
                        "io.edgeprov.gateway.coap..", APP)
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.californium..")
                .because("one adapter per technology: CoAP and DTLS belong to gateway-coap");
    }

    /** Only the application (demo, bench) runs the simulated fleet. */
    static ArchRule onlyTheApplicationUsesTheSimulator() {
        return noClasses().that().resideInAPackage("io.edgeprov.gateway..").and().resideOutsideOfPackage(APP)
                .should().dependOnClassesThat().resideInAPackage("io.edgeprov.sim..")
                .because("device-sim is a test and demo tool, not part of a gateway's runtime");
    }
}
