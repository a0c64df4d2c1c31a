package io.edgeprov.gateway.mqtt.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.identity.ConnectDecision;
import io.edgeprov.gateway.core.identity.ConnectRefusal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectedClientsTest {
    private static final Optional<String> HOME = Optional.of("10.0.0.1");
    private static final Optional<String> AWAY = Optional.of("10.0.0.2");

    private final AtomicLong nanos = new AtomicLong();
    private final ConnectedClients clients = new ConnectedClients(new UnenrolledLimits(2, 3), nanos::get);

    @Test
    void a_certificate_less_connection_from_another_source_takes_over_once_the_grace_is_over() {
        clients.connected("dev-1", false, HOME);

        assertThat(refusal("dev-1", AWAY, true)).as("within the grace").contains(ConnectRefusal.CLIENT_ID_IN_USE);
        assertThat(refusal("dev-1", HOME, true)).as("its own source").isEmpty();
        assertThat(refusal("dev-1", AWAY, false)).as("a holder the broker no longer has").isEmpty();
        pass(ConnectedClients.TENURE_GRACE);
        assertThat(refusal("dev-1", AWAY, true)).as("after the grace").isEmpty();
    }

    @Test
    void a_certificate_holder_cannot_be_taken_over_without_a_certificate_while_connected() {
        clients.connected("dev-1", true, HOME);

        assertThat(refusal("dev-1", AWAY, true)).contains(ConnectRefusal.CLIENT_ID_IN_USE);
        assertThat(refusal("dev-1", AWAY, false)).as("a holder the broker no longer has").isEmpty();
    }

    @Test
    void a_promoted_connection_is_held_as_a_certificate_holders_and_frees_its_certificate_less_place() {
        String token = clients.connected("dev-1", false, HOME);
        clients.connected("dev-2", false, HOME);
        assertThat(refusal("dev-3", HOME, false)).contains(ConnectRefusal.UNENROLLED_CONNECTIONS_EXCEEDED);

        assertThat(clients.promoted("dev-1", token)).isTrue();

        assertThat(refusal("dev-1", HOME, true)).as("its own source, without a certificate").contains(
                ConnectRefusal.CLIENT_ID_IN_USE);
        assertThat(clients.unenrolled()).isEqualTo(1);
        assertThat(refusal("dev-3", HOME, false)).as("its place was freed").isEmpty();
    }

    @Test
    void a_connection_that_was_taken_over_is_not_promoted() {
        String first = clients.connected("dev-1", false, HOME);
        clients.connected("dev-1", false, HOME);

        assertThat(clients.promoted("dev-1", first)).isFalse();
        assertThat(refusal("dev-1", HOME, true)).as("the new holder stays certificate-less").isEmpty();
    }

    @Test
    void the_cap_per_source_and_in_all_hold_and_a_takeover_frees_its_own_place() {
        clients.connected("a", false, HOME);
        clients.connected("b", false, HOME);

        assertThat(refusal("c", HOME, false)).contains(ConnectRefusal.UNENROLLED_CONNECTIONS_EXCEEDED);
        assertThat(refusal("a", HOME, true)).as("replacing its own connection").isEmpty();
        clients.connected("c", false, AWAY);
        assertThat(refusal("d", AWAY, false)).as("three in all").contains(
                ConnectRefusal.UNENROLLED_CONNECTIONS_EXCEEDED);
    }

    @Test
    void the_disconnect_of_a_connection_taken_over_does_not_release_the_new_one() {
        String first = clients.connected("dev-1", false, HOME);
        clients.connected("dev-1", false, HOME);

        clients.disconnected("dev-1", first);

        assertThat(clients.unenrolled()).isEqualTo(1);
    }

    @Test
    void a_disconnect_releases_the_place() {
        String token = clients.connected("dev-1", false, HOME);

        clients.disconnected("dev-1", token);

        assertThat(clients.unenrolled()).isZero();
        assertThat(refusal("dev-2", HOME, false)).isEmpty();
    }

    @Test
    void a_squatter_delays_a_device_by_the_grace_at_most_and_cannot_take_the_id_back_during_its_grace() {
        Optional<String> squatter = Optional.of("10.0.0.66");
        clients.connected("dev-1", false, squatter);
        pass(ConnectedClients.TENURE_GRACE);

        assertThat(refusal("dev-1", HOME, true)).as("the device, once the squatter's grace is over").isEmpty();
        clients.connected("dev-1", false, HOME);
        pass(ConnectedClients.TENURE_GRACE.minusSeconds(1));
        assertThat(refusal("dev-1", squatter, true)).as("the squatter, during the device's grace").contains(
                ConnectRefusal.CLIENT_ID_IN_USE);
        assertThat(refusal("dev-1", Optional.of("10.0.0.67"), true)).as("from yet another address").contains(
                ConnectRefusal.CLIENT_ID_IN_USE);
    }

    @Test
    void reconnecting_does_not_reset_a_squatters_tenure() {
        Optional<String> squatter = Optional.of("10.0.0.66");
        String first = clients.connected("dev-1", false, squatter);
        pass(Duration.ofSeconds(5));
        clients.connected("dev-1", false, squatter);
        pass(Duration.ofSeconds(5));
        String third = clients.connected("dev-1", false, squatter);
        clients.disconnected("dev-1", third);
        pass(Duration.ofSeconds(4));
        clients.connected("dev-1", false, squatter);
        pass(ConnectedClients.TENURE_GRACE.minusSeconds(14));

        assertThat(refusal("dev-1", HOME, true)).as("15 s after the squatter first took the id, over three reconnects")
                .isEmpty();
        assertThat(first).isNotEqualTo(third);
    }

    @Test
    void a_tenure_left_behind_is_forgotten_after_the_grace() {
        Optional<String> squatter = Optional.of("10.0.0.66");
        clients.disconnected("dev-1", clients.connected("dev-1", false, squatter));
        pass(ConnectedClients.TENURE_GRACE);
        clients.connected("dev-1", false, squatter);

        assertThat(refusal("dev-1", HOME, true)).as("a new tenure, within its grace").contains(
                ConnectRefusal.CLIENT_ID_IN_USE);
        pass(ConnectedClients.TENURE_GRACE);
        clients.disconnected("dev-2", clients.connected("dev-2", false, squatter));
        pass(ConnectedClients.TENURE_GRACE);
        assertThat(clients.remembered()).as("released ids swept").isZero();
    }

    @Test
    void the_refusal_says_why_the_id_is_held() {
        clients.connected("dev-1", true, HOME);

        assertThat(clients.refusalForUnenrolled("dev-1", AWAY, true)).get().extracting(ConnectDecision.Refused::detail)
                .asString().contains("held by its certificate");
    }

    private void pass(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private Optional<ConnectRefusal> refusal(String clientId, Optional<String> source, boolean holderConnected) {
        return clients.refusalForUnenrolled(clientId, source, holderConnected).map(ConnectDecision.Refused::reason);
    }
}
