package io.edgeprov.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.registry.RevocationEventId;
import io.edgeprov.gateway.core.registry.RevocationOrigin;
import io.edgeprov.gateway.core.registry.RevocationRecord;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FleetPagesTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static GivenFleet fleet;
    private static GatewayIdentity siteA;
    private static GatewayIdentity siteB;
    private static GatewayIdentity outsider;

    @BeforeAll
    static void given_a_fleet() throws Exception {
        fleet = new GivenFleet();
        siteA = fleet.identity("gw-a", "*");
        siteB = fleet.identity("gw-b", "site-b-*", "spare-1");
        outsider = new GivenFleet().identity("gw-a", "*");
    }

    @Test
    void a_sealed_page_opens_with_its_origin_authority_and_every_field() throws Exception {
        FleetEventPage page = page("gw-b", event(7, "gw-b", "site-b-17", Optional.of("casing opened")), event(8, "gw-b", "spare-1",
                Optional.empty()));
        FleetPages pages = new FleetPages(fleet.trust());

        FleetPages.OpenedPage opened = pages.open(pages.seal(page, siteB));

        assertThat(opened.origin().gatewayId()).isEqualTo("gw-b");
        assertThat(opened.origin().authority().patterns()).containsExactly("site-b-*", "spare-1");
        assertThat(opened.page()).isEqualTo(page);
    }

    @Test
    void a_page_signed_under_another_fleet_root_is_refused_as_untrusted() {
        FleetPages pages = new FleetPages(fleet.trust());
        byte[] forged = pages.seal(page("gw-a", event(1, "gw-a", "dev-1", Optional.empty())), outsider);

        assertThatThrownBy(() -> pages.open(forged)).isInstanceOfSatisfying(FleetEventException.class,
                e -> assertThat(e.refusal()).isEqualTo(FleetEventRefusal.UNTRUSTED_CHAIN));
    }

    @Test
    void a_page_altered_after_signing_is_refused_as_badly_signed() throws Exception {
        FleetPages pages = new FleetPages(fleet.trust());
        String envelope = new String(pages.seal(page("gw-a", event(1, "gw-a", "dev-1", Optional.empty())), siteA),
                StandardCharsets.UTF_8);
        String pageB64 = envelope.replaceAll(".*\"page\":\"([^\"]+)\".*", "$1");
        String altered = new String(Base64.getDecoder().decode(pageB64), StandardCharsets.UTF_8).replace("dev-1", "dev-2");
        byte[] tampered = envelope.replace(pageB64, Base64.getEncoder().encodeToString(altered.getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> pages.open(tampered)).isInstanceOfSatisfying(FleetEventException.class,
                e -> assertThat(e.refusal()).isEqualTo(FleetEventRefusal.BAD_SIGNATURE));
    }

    @Test
    void a_page_claiming_another_origin_than_its_certificate_is_refused() {
        FleetPages pages = new FleetPages(fleet.trust());
        byte[] impersonating = pages.seal(page("gw-b", event(1, "gw-b", "site-b-1", Optional.empty())), siteA);

        assertThatThrownBy(() -> pages.open(impersonating)).isInstanceOfSatisfying(FleetEventException.class,
                e -> assertThat(e.refusal()).isEqualTo(FleetEventRefusal.UNKNOWN_ORIGIN));
    }

    @Test
    void an_event_about_a_device_outside_the_origins_authority_refuses_the_page() {
        FleetPages pages = new FleetPages(fleet.trust());
        byte[] overreaching = pages.seal(page("gw-b", event(1, "gw-b", "site-b-1", Optional.empty()),
                event(2, "gw-b", "site-a-9", Optional.empty())), siteB);

        assertThatThrownBy(() -> pages.open(overreaching)).isInstanceOfSatisfying(FleetEventException.class, e -> {
            assertThat(e.refusal()).isEqualTo(FleetEventRefusal.OUTSIDE_AUTHORITY);
            assertThat(e.getMessage()).contains("site-a-9");
        });
    }

    @Test
    void malformed_envelopes_are_refused_with_a_precise_reason() {
        FleetPages pages = new FleetPages(fleet.trust());
        String good = new String(pages.seal(page("gw-a", event(1, "gw-a", "dev-1", Optional.empty())), siteA), StandardCharsets.UTF_8);

        assertMalformed(pages, "not json", "envelope is not JSON");
        assertMalformed(pages, "[]", "envelope must be a JSON object");
        assertMalformed(pages, good.replace("\"v\":1", "\"v\":2"), "envelope.v must be 1");
        assertMalformed(pages, good.replace("\"sig\"", "\"extra\":1,\"sig\""), "unknown field 'extra'");
        assertMalformed(pages, good.replace("\"page\":\"", "\"page\":\"!!"), "envelope.page is not base64");
        assertMalformed(pages, good.replaceAll("\"chain\":\\[[^]]*]", "\"chain\":[]"), "envelope.chain must list");
        assertMalformed(pages, good.replaceAll("\"chain\":\\[\"[^\"]+\"", "\"chain\":[\"AAAA\""), "is not a DER certificate");
        assertMalformed(pages, "{\"v\":1,\"v\":1}", "envelope is not JSON");
        byte[] huge = new byte[FleetPages.MAX_ENVELOPE_BYTES + 1];
        assertThatThrownBy(() -> pages.open(huge)).hasMessageContaining("more than");
    }

    @Test
    void a_page_with_a_bad_event_names_the_event_and_field() throws Exception {
        FleetPages pages = new FleetPages(fleet.trust());
        String envelope = new String(pages.seal(page("gw-a", event(1, "gw-a", "dev-1", Optional.empty())), siteA),
                StandardCharsets.UTF_8);
        String pageB64 = envelope.replaceAll(".*\"page\":\"([^\"]+)\".*", "$1");
        String pageJson = new String(Base64.getDecoder().decode(pageB64), StandardCharsets.UTF_8);

        for (String[] bad : new String[][] {
            {pageJson.replace("\"keyCompromise\"", "\"stolen\""), "page.events[0].reason 'stolen' is not an RFC 5280 reason"},
            {pageJson.replace("\"seq\":1", "\"seq\":-1"), "page.events[0].seq must be a positive integer"},
            {pageJson.replace("\"revoke\"", "\"unrevoke\""), "page.events[0].kind 'unrevoke' is not known"},
            {pageJson.replace("\"dev-1\"", "\"dev 1\""), "page.events[0].device is not a device id"},
        }) {
            byte[] resealed = envelope.replace(pageB64, Base64.getEncoder().encodeToString(bad[0].getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> pages.open(resealed)).as(bad[1]).isInstanceOfSatisfying(FleetEventException.class, e -> {
                assertThat(e.refusal()).isEqualTo(FleetEventRefusal.MALFORMED);
                assertThat(e.getMessage()).contains(bad[1]);
            });
        }
    }

    private static void assertMalformed(FleetPages pages, String envelope, String reason) {
        assertThatThrownBy(() -> pages.open(envelope.getBytes(StandardCharsets.UTF_8))).as(reason)
                .isInstanceOfSatisfying(FleetEventException.class, e -> {
                    assertThat(e.refusal()).isEqualTo(FleetEventRefusal.MALFORMED);
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    static FleetEventPage page(String origin, FleetEvent... events) {
        return new FleetEventPage(origin, List.of(events));
    }

    static FleetEvent event(long sequence, String origin, String deviceId, Optional<String> note) {
        return new FleetEvent(sequence, new RevocationRecord(RevocationEventId.random(RANDOM), deviceId,
                RevocationReason.KEY_COMPROMISE, Instant.parse("2026-12-05T12:00:00Z"), "operator:ann@" + origin,
                new RevocationOrigin.Gateway(origin), note), List.of("0a1b2c"));
    }
}
