package io.edgeprov.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.edgeprov.contracts.admin.AdminData.Alert;
import io.edgeprov.contracts.admin.AdminData.AlertKind;
import io.edgeprov.contracts.admin.AdminData.DashboardStats;
import io.edgeprov.contracts.admin.AdminData.PendingRow;
import io.edgeprov.contracts.admin.AdminEvent;
import io.edgeprov.contracts.admin.AdminReply.AuditVerifyReply;
import io.edgeprov.contracts.admin.AdminReply.PendingDecideReply;
import io.edgeprov.contracts.admin.AdminReply.PendingListReply;
import io.edgeprov.contracts.admin.AdminRequest.Decision;
import io.edgeprov.ui.client.AdminClient;
import io.edgeprov.ui.client.AuditQuery;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Pending queue, dashboard and audit view models. */
class LiveScreensViewModelTest {
    private static final Instant T = Instant.parse("2026-12-06T03:00:00Z");
    private final AdminClient client = mock(AdminClient.class);

    private static DashboardStats stats(long devices) {
        return new DashboardStats(T, List.of(), List.of(), devices, 1, 2, 0, null, List.of());
    }

    @Test
    void approving_a_pending_device_removes_it_and_says_it_enrolls_next() {
        PendingRow row = new PendingRow("dev-9", "a".repeat(64), "Infineon OPTIGA RSA Root CA", T, T, 3);
        when(client.pending(isNull(), anyInt())).thenReturn(
                CompletableFuture.completedFuture(new PendingListReply("r1", List.of(row), 1, null)),
                CompletableFuture.completedFuture(new PendingListReply("r3", List.of(), 0, null)));
        when(client.decide("dev-9", Decision.APPROVE, "checked label"))
                .thenReturn(CompletableFuture.completedFuture(new PendingDecideReply("r2", "dev-9", Decision.APPROVE, "device-dev-9")));
        PendingViewModel model = new PendingViewModel(client, UiThread.direct());
        model.load();
        model.noteProperty().set("checked label");

        model.approve(row);

        assertThat(model.rows()).isEmpty();
        assertThat(model.messageProperty().get()).isEqualTo("Approved dev-9 (enrollment device-dev-9): it enrolls on its next attempt.");
        assertThat(PendingViewModel.why(row)).isEqualTo("NOT_ENROLLED: no enabled enrollment allows this EK or serial");
    }

    @Test
    void a_burst_of_stats_ticks_reaches_the_dashboard_as_the_latest_one() {
        Queue<Runnable> uiQueue = new ArrayDeque<>();
        DashboardViewModel model = new DashboardViewModel(client, uiQueue::add, null, 0);
        for (int i = 1; i <= 100; i++) {
            model.onEvent(new AdminEvent.StatsTick(stats(i)));
        }
        model.onEvent(new AdminEvent.AlertRaised(new Alert("bg-1", AlertKind.BREAK_GLASS, T, "alice took break-glass: line down")));

        assertThat(uiQueue).hasSize(1);
        uiQueue.poll().run();

        assertThat(model.statsProperty().get().devices()).isEqualTo(100);
        assertThat(model.alerts()).extracting(Alert::alertId).containsExactly("bg-1");

        model.onEvent(new AdminEvent.AlertCleared("bg-1"));
        uiQueue.poll().run();
        assertThat(model.alerts()).isEmpty();
    }

    @Test
    void the_audit_filter_goes_to_the_gateway_with_whole_days_and_the_chain_status_is_shown() {
        when(client.auditPage(any(), isNull(), anyInt())).thenReturn(new CompletableFuture<>());
        when(client.verifyAudit()).thenReturn(CompletableFuture.completedFuture(
                new AuditVerifyReply("r1", false, 1200, 77L, "entry 77's hash does not match its content")));
        AuditViewModel model = new AuditViewModel(client, UiThread.direct(), ZoneOffset.UTC);
        model.actorProperty().set("operator:alice");
        model.actionProperty().set(" ");
        model.fromProperty().set(LocalDate.of(2026, 12, 5));
        model.toProperty().set(LocalDate.of(2026, 12, 5));

        model.applyFilter();
        model.verify();

        ArgumentCaptor<AuditQuery> query = ArgumentCaptor.forClass(AuditQuery.class);
        verify(client).auditPage(query.capture(), isNull(), eq(AuditViewModel.PAGE_SIZE));
        assertThat(query.getValue()).isEqualTo(new AuditQuery("operator:alice", null, null,
                Instant.parse("2026-12-05T00:00:00Z"), Instant.parse("2026-12-06T00:00:00Z")));
        assertThat(model.intactProperty().get()).isFalse();
        assertThat(model.chainProperty().get()).isEqualTo("Hash chain BROKEN at entry 77: entry 77's hash does not match its content");
    }
}
