package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MosquittoAclTest {
    private static final String GATEWAY = "gw1-gateway";

    @Test
    void gateway_reads_every_request_topic_of_every_device() {
        assertThat(linesOfUser(MosquittoAcl.deviceListener(GATEWAY)))
                .contains("topic read prov/v1/+/attest/begin", "topic read prov/v1/+/attest/finish",
                        "topic read prov/v1/+/renew");
    }

    @Test
    void gateway_writes_replies_notices_and_ca_topics() {
        assertThat(linesOfUser(MosquittoAcl.deviceListener(GATEWAY)))
                .contains("topic write prov/v1/+/renew/accepted", "topic write prov/v1/+/attest/finish/rejected",
                        "topic write prov/v1/+/notice", "topic readwrite prov/v1/ca/#");
    }

    @Test
    void certificate_holder_may_renew_only_under_its_certificate_name() {
        assertThat(lines(MosquittoAcl.deviceListener(GATEWAY)))
                .contains("pattern write prov/v1/%u/renew", "pattern read prov/v1/%u/#")
                .noneMatch(line -> line.startsWith("pattern") && line.contains("%c"));
    }

    @Test
    void enrollment_listener_grants_attestation_by_client_id_only() {
        assertThat(lines(MosquittoAcl.enrollListener()))
                .contains("pattern write prov/v1/%c/attest/begin", "pattern write prov/v1/%c/attest/finish",
                        "pattern read prov/v1/%c/attest/begin/accepted")
                .noneMatch(line -> line.contains("renew"));
    }

    @Test
    void enrollment_listener_grants_nothing_by_username() {
        assertThat(lines(MosquittoAcl.enrollListener()))
                .noneMatch(line -> line.contains("%u") || line.startsWith("user") || line.startsWith("topic"));
    }

    @Test
    void everyone_reads_the_ca_topics_on_both_listeners() {
        assertThat(lines(MosquittoAcl.enrollListener())).contains("pattern read prov/v1/ca/#");
        assertThat(lines(MosquittoAcl.deviceListener(GATEWAY))).contains("pattern read prov/v1/ca/#");
    }

    @Test
    void only_the_gateway_commands_the_dynamic_security_plugin_and_reads_its_answers() {
        assertThat(linesOfUser(MosquittoAcl.deviceListener(GATEWAY)))
                .contains("topic write $CONTROL/dynamic-security/v1", "topic read $CONTROL/dynamic-security/v1/response");
        assertThat(lines(MosquittoAcl.deviceListener(GATEWAY))).filteredOn(line -> line.contains("$CONTROL"))
                .allMatch(line -> line.startsWith("topic ") && linesOfUser(MosquittoAcl.deviceListener(GATEWAY)).contains(line));
        assertThat(lines(MosquittoAcl.enrollListener())).noneMatch(line -> line.contains("$CONTROL"));
    }

    /** The lines between {@code user <gateway>} and the first pattern: the gateway's own grants. */
    private static List<String> linesOfUser(String acl) {
        List<String> all = lines(acl);
        int start = all.indexOf("user " + GATEWAY);
        assertThat(start).as("user block for the gateway").isNotNegative();
        return all.subList(start + 1, all.size()).stream().takeWhile(line -> line.startsWith("topic")).toList();
    }

    private static List<String> lines(String acl) {
        return acl.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
}
