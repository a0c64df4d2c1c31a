package io.edgeprov.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.edgeprov.contracts.admin.AdminData.BreakGlassState;
import io.edgeprov.contracts.admin.AdminErrorCode;
import io.edgeprov.contracts.admin.AdminPermission;
import io.edgeprov.contracts.admin.AdminRejection;
import io.edgeprov.contracts.admin.AdminReply.BreakGlassReply;
import io.edgeprov.contracts.admin.AdminReply.WhoAmIReply;
import io.edgeprov.contracts.admin.AdminRole;
import io.edgeprov.ui.client.AdminClient;
import io.edgeprov.ui.client.AdminRefused;
import io.edgeprov.ui.viewmodel.BreakGlassViewModel.Length;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BreakGlassViewModelTest {
    private static final Instant NOW = Instant.parse("2026-12-06T22:10:00Z");
    private static final String REASON = "night shift: replacement for dev-0042";

    private final AdminClient client = mock(AdminClient.class);
    private final MutableClock clock = new MutableClock(NOW, ZoneOffset.ofHours(1));
    private final BreakGlassViewModel model = new BreakGlassViewModel(client, UiThread.direct(), clock, null);

    private static BreakGlassState held(Instant until) {
        return new BreakGlassState(REASON, NOW, until, List.of(AdminPermission.ONBOARD, AdminPermission.APPROVE));
    }

    @Test
    void a_granted_take_sends_the_reason_and_length_and_shows_the_expiry_in_local_time() {
        Instant until = NOW.plusSeconds(3600);
        when(client.takeBreakGlass(REASON, 3600)).thenReturn(CompletableFuture.completedFuture(new BreakGlassReply("r1", held(until))));
        model.reasonProperty().set("  " + REASON + "  ");
        model.lengthProperty().set(Length.HOUR_1);

        model.take();

        verify(client).takeBreakGlass(REASON, 3600);
        assertThat(model.activeProperty().get()).isTrue();
        assertThat(model.badgeProperty().get()).isEqualTo("Break-glass until 00:10");
        assertThat(model.failedProperty().get()).isFalse();
        assertThat(model.messageProperty().get()).startsWith("Break-glass taken until 00:10");
        assertThat(model.reasonProperty().get()).isEmpty();
    }

    @Test
    void the_lengths_offered_stay_within_the_contracts_bounds() {
        for (Length l : Length.values()) {
            assertThat(l.seconds()).isBetween(60, 4 * 3600);
        }
        assertThat(Length.values()).extracting(Length::toString).containsExactly("15 min", "1 h", "4 h");
    }

    @Test
    void a_refusal_is_shown_in_words_and_nothing_is_held() {
        when(client.takeBreakGlass(anyString(), anyInt())).thenReturn(CompletableFuture.failedFuture(new AdminRefused(
                new AdminRejection("r1", AdminErrorCode.NOT_PERMITTED, "break-glass-take needs role operator"))));
        model.reasonProperty().set(REASON);

        model.take();

        assertThat(model.activeProperty().get()).isFalse();
        assertThat(model.badgeProperty().get()).isEmpty();
        assertThat(model.failedProperty().get()).isTrue();
        assertThat(model.messageProperty().get())
                .isEqualTo("Refused by the gateway: " + AdminErrorCode.NOT_PERMITTED.words() + " (break-glass-take needs role operator)");
        assertThat(model.reasonProperty().get()).as("the reason stays for another try").isEqualTo(REASON);
    }

    @Test
    void a_pasted_windows_line_end_is_sent_as_a_line_end() {
        when(client.takeBreakGlass("night shift\nreplacement", 900)).thenReturn(
                CompletableFuture.completedFuture(new BreakGlassReply("r1", held(NOW.plusSeconds(900)))));
        model.reasonProperty().set("night shift\r\nreplacement");
        model.lengthProperty().set(Length.MINUTES_15);

        model.take();

        assertThat(model.badgeProperty().get()).isEqualTo("Break-glass until 23:25");
    }

    @Test
    void release_ends_it_and_clears_the_badge() {
        model.start(new WhoAmIReply("r0", "olivia", AdminRole.OPERATOR, List.of(AdminPermission.VIEW), held(NOW.plusSeconds(900))));
        assertThat(model.badgeProperty().get()).isEqualTo("Break-glass until 23:25");
        when(client.releaseBreakGlass()).thenReturn(CompletableFuture.completedFuture(new BreakGlassReply("r2", null)));

        model.release();

        verify(client).releaseBreakGlass();
        assertThat(model.activeProperty().get()).isFalse();
        assertThat(model.badgeProperty().get()).isEmpty();
        assertThat(model.messageProperty().get()).isEqualTo("Break-glass released.");
    }

    @Test
    void an_empty_or_short_reason_is_named_and_never_sent() {
        model.reasonProperty().set("   ");
        model.take();
        assertThat(model.failedProperty().get()).isTrue();
        assertThat(model.messageProperty().get()).isEqualTo("Write a reason of at least 10 characters: it goes into the audit trail.");

        model.reasonProperty().set(" too short ");
        model.take();
        assertThat(model.failedProperty().get()).isTrue();

        model.reasonProperty().set("night shift\u0007 replacement");
        model.take();
        assertThat(model.messageProperty().get()).isEqualTo("The reason contains a control character: write it as plain text.");

        verify(client, never()).takeBreakGlass(anyString(), anyInt());
        assertThat(model.activeProperty().get()).isFalse();
    }

    @Test
    void the_badge_goes_when_the_expiry_passes() {
        model.start(new WhoAmIReply("r0", "olivia", AdminRole.OPERATOR, List.of(AdminPermission.VIEW), held(NOW.plusSeconds(900))));
        clock.now = NOW.plusSeconds(899);
        model.expireIfDue();
        assertThat(model.activeProperty().get()).isTrue();

        clock.now = NOW.plusSeconds(900);
        model.expireIfDue();

        assertThat(model.activeProperty().get()).isFalse();
        assertThat(model.badgeProperty().get()).isEmpty();
        assertThat(model.messageProperty().get()).isEqualTo("Break-glass expired.");
    }

    private static final class MutableClock extends Clock {
        Instant now;
        private final ZoneId zone;

        MutableClock(Instant now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return new MutableClock(now, z);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
