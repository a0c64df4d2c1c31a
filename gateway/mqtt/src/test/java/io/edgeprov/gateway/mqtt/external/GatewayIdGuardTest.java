package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.mqtt.Reply;
import io.edgeprov.gateway.core.identity.UnauthorizedKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class GatewayIdGuardTest {
    private static final String GATEWAY_ID = "gw-7";

    private final List<ClientIdentity> reached = new ArrayList<>();
    private final List<UnauthorizedKind> counted = new ArrayList<>();
    private final GatewayIdGuard guard = new GatewayIdGuard((who, topic, payload) -> {
        reached.add(who);
        return CompletableFuture.completedFuture(Optional.<Reply>empty());
    }, GATEWAY_ID, counted::add);

    @Test
    void an_unenrolled_client_using_the_gateway_id_never_reaches_enrollment() {
        guard.handle(new ClientIdentity.Unenrolled(GATEWAY_ID), "prov/v1/gw-7/attest/begin", new byte[] {1});

        assertThat(reached).isEmpty();
    }

    @Test
    void a_certificate_holder_named_like_the_gateway_in_another_case_never_reaches_renewal() {
        guard.handle(new ClientIdentity.Device("GW-7", "a1"), "prov/v1/GW-7/renew", new byte[] {1});

        assertThat(reached).isEmpty();
    }

    @Test
    void each_dropped_request_is_counted_as_a_request_under_the_gateway_id() {
        guard.handle(new ClientIdentity.Unenrolled(GATEWAY_ID), "prov/v1/gw-7/attest/begin", new byte[] {1});
        guard.handle(new ClientIdentity.Device("GW-7", "a1"), "prov/v1/GW-7/renew", new byte[] {1});

        assertThat(counted).containsExactly(UnauthorizedKind.REQUEST_UNDER_GATEWAY_ID, UnauthorizedKind.REQUEST_UNDER_GATEWAY_ID);
    }

    @Test
    void any_other_device_is_handed_on() {
        guard.handle(new ClientIdentity.Unenrolled("dev-1"), "prov/v1/dev-1/attest/begin", new byte[] {1});

        assertThat(reached).containsExactly(new ClientIdentity.Unenrolled("dev-1"));
        assertThat(counted).isEmpty();
    }
}
