package io.edgeprov.gateway.mqtt.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.identity.ConnectRefusal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectedClientsTest {
    private static final Optional<String> HOME = Optional.of("10.0.0.1");
    private static final Optional<String> AWAY = Optional.of("10.0.0.2");

    private final ConnectedClients clients = new ConnectedClients(new UnenrolledLimits(2, 3));

    @Test
    void a_certificate_less_connection_may_take_over_another_one() {
        clients.connected("dev-1", false, HOME);

        assertThat(clients.refusalForUnenrolled("dev-1", AWAY, true)).isEmpty();
    }

    @Test
    void a_certificate_holder_cannot_be_taken_over_without_a_certificate_while_connected() {
        clients.connected("dev-1", true, HOME);

        assertThat(clients.refusalForUnenrolled("dev-1", AWAY, true)).contains(ConnectRefusal.CLIENT_ID_IN_USE);
        assertThat(clients.refusalForUnenrolled("dev-1", AWAY, false)).as("a holder the broker no longer has").isEmpty();
    }

    @Test
    void the_cap_per_source_and_in_all_hold_and_a_takeover_frees_its_own_place() {
        clients.connected("a", false, HOME);
        clients.connected("b", false, HOME);

        assertThat(clients.refusalForUnenrolled("c", HOME, false)).contains(ConnectRefusal.UNENROLLED_CONNECTIONS_EXCEEDED);
        assertThat(clients.refusalForUnenrolled("a", HOME, true)).as("replacing its own connection").isEmpty();
        clients.connected("c", false, AWAY);
        assertThat(clients.refusalForUnenrolled("d", AWAY, false)).as("three in all").contains(
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
        assertThat(clients.refusalForUnenrolled("dev-2", HOME, false)).isEmpty();
    }
}
