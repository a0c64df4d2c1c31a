package io.edgeprov.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.edgeprov.contracts.admin.AdminData.DeviceRow;
import io.edgeprov.contracts.admin.AdminData.DeviceStatus;
import io.edgeprov.contracts.admin.AdminData.FleetFilter;
import io.edgeprov.contracts.admin.AdminData.FleetSort;
import io.edgeprov.contracts.admin.AdminErrorCode;
import io.edgeprov.contracts.admin.AdminEvent;
import io.edgeprov.contracts.admin.AdminRejection;
import io.edgeprov.contracts.admin.AdminReply.FleetPageReply;
import io.edgeprov.ui.client.AdminClient;
import io.edgeprov.ui.client.AdminRefused;
import io.edgeprov.ui.client.AdminUnavailable;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class FleetViewModelTest {
    private final AdminClient client = mock(AdminClient.class);
    /** The UI thread as a queue the test drains, so it decides when "the FX thread" runs. */
    private final Queue<Runnable> uiQueue = new ArrayDeque<>();
    private final UiThread ui = uiQueue::add;
    private FleetViewModel model;

    @BeforeEach
    void given_a_fleet_screen() {
        model = new FleetViewModel(client, ui, null, 0);
    }

    private void drainUi() {
        Runnable r;
        while ((r = uiQueue.poll()) != null) {
            r.run();
        }
    }

    @Test
    void a_search_is_sent_to_the_gateway_and_its_first_page_shown() {
        when(client.fleetPage(any(), any(), anyBoolean(), isNull(), anyInt()))
                .thenReturn(CompletableFuture.completedFuture(Rows.page("dev", 0, 3, 3, null)));
        model.searchProperty().set("  L-7 ");
        model.stateFilterProperty().set(DeviceStatus.ACTIVE);

        model.applyFilter();
        drainUi();

        ArgumentCaptor<FleetFilter> filter = ArgumentCaptor.forClass(FleetFilter.class);
        verify(client).fleetPage(filter.capture(), eq(FleetSort.DEVICE_ID), eq(false), isNull(), eq(FleetViewModel.PAGE_SIZE));
        assertThat(filter.getValue().text()).isEqualTo("L-7");
        assertThat(filter.getValue().states()).containsExactly(DeviceStatus.ACTIVE);
        assertThat(model.rows()).extracting(DeviceRow::deviceId).containsExactly("dev-00000", "dev-00001", "dev-00002");
        assertThat(model.statusProperty().get()).isEqualTo("3 devices");
        assertThat(model.loadingProperty().get()).isFalse();
    }

    @Test
    void a_slow_reply_to_an_old_filter_never_replaces_the_newer_one() {
        CompletableFuture<FleetPageReply> slow = new CompletableFuture<>();
        CompletableFuture<FleetPageReply> fast = new CompletableFuture<>();
        when(client.fleetPage(any(), any(), anyBoolean(), isNull(), anyInt())).thenReturn(slow, fast);
        model.searchProperty().set("old");
        model.applyFilter();
        model.searchProperty().set("new");
        model.applyFilter();

        fast.complete(Rows.page("new", 0, 2, 2, null));
        drainUi();
        slow.complete(Rows.page("old", 0, 5, 5, null));
        drainUi();

        assertThat(model.rows()).extracting(DeviceRow::deviceId).containsExactly("new-00000", "new-00001");
        assertThat(model.totalProperty().get()).isEqualTo(2);
    }

    @Test
    void a_refusal_is_shown_in_words_and_the_table_emptied() {
        when(client.fleetPage(any(), any(), anyBoolean(), isNull(), anyInt())).thenReturn(CompletableFuture.failedFuture(
                new AdminRefused(new AdminRejection("r1", AdminErrorCode.NOT_PERMITTED, "fleet-page needs VIEW"))));

        model.applyFilter();
        drainUi();

        assertThat(model.errorProperty().get()).isEqualTo("Refused by the gateway: your role does not allow this (fleet-page needs VIEW)");
        assertThat(model.rows()).isEmpty();
        assertThat(model.loadingProperty().get()).isFalse();
    }

    @Test
    void a_gateway_that_does_not_answer_is_named_as_such() {
        when(client.fleetPage(any(), any(), anyBoolean(), isNull(), anyInt()))
                .thenReturn(CompletableFuture.failedFuture(new AdminUnavailable("fleet-page got no answer within 30 s")));

        model.applyFilter();
        drainUi();

        assertThat(model.errorProperty().get()).isEqualTo("No answer from the gateway: fleet-page got no answer within 30 s");
    }

    @Test
    void live_events_arriving_during_a_filter_cause_one_reread_with_the_new_filter_after_it() {
        CompletableFuture<FleetPageReply> filtering = new CompletableFuture<>();
        when(client.fleetPage(any(), any(), anyBoolean(), isNull(), anyInt()))
                .thenReturn(filtering, CompletableFuture.completedFuture(Rows.page("lot7", 0, 3, 3, null)));
        model.searchProperty().set("lot7");
        model.applyFilter();

        for (int i = 0; i < 50; i++) {
            model.onEvent(new AdminEvent.DevicesChanged(List.of("dev-" + i), false));
        }
        drainUi();
        verify(client, times(1)).fleetPage(any(), any(), anyBoolean(), isNull(), anyInt());

        filtering.complete(Rows.page("lot7", 0, 2, 2, null));
        drainUi();

        ArgumentCaptor<FleetFilter> filters = ArgumentCaptor.forClass(FleetFilter.class);
        verify(client, times(2)).fleetPage(filters.capture(), any(), anyBoolean(), isNull(), anyInt());
        assertThat(filters.getAllValues()).extracting(FleetFilter::text).containsExactly("lot7", "lot7");
        assertThat(model.rows()).hasSize(3);
        assertThat(model.liveUpdatesProperty().get()).isEqualTo(50);
    }

    @Test
    void a_storm_of_events_between_two_ui_turns_becomes_one_reread() {
        when(client.fleetPage(any(), any(), anyBoolean(), isNull(), anyInt()))
                .thenReturn(CompletableFuture.completedFuture(Rows.page("dev", 0, 10, 10, null)));
        model.applyFilter();
        drainUi();

        for (int i = 0; i < 1_000; i++) {
            model.onEvent(new AdminEvent.DevicesChanged(List.of("dev-" + (i % 10)), false));
        }
        assertThat(uiQueue).hasSize(1);
        drainUi();

        verify(client, times(2)).fleetPage(any(), any(), anyBoolean(), isNull(), anyInt());
    }

    @Test
    void scrolling_near_the_end_fetches_the_next_page_with_the_cursor() {
        when(client.fleetPage(any(), any(), anyBoolean(), isNull(), anyInt()))
                .thenReturn(CompletableFuture.completedFuture(Rows.page("dev", 0, 200, 450, "c1")));
        when(client.fleetPage(any(), any(), anyBoolean(), eq("c1"), anyInt()))
                .thenReturn(CompletableFuture.completedFuture(Rows.page("dev", 200, 200, 450, "c2")));
        model.applyFilter();
        drainUi();
        assertThat(model.statusProperty().get()).isEqualTo("200 of 450 devices loaded (scroll for more)");

        model.shown(10);
        verify(client, times(0)).fleetPage(any(), any(), anyBoolean(), eq("c1"), anyInt());
        model.shown(170);
        model.shown(171);
        drainUi();

        verify(client, times(1)).fleetPage(any(), any(), anyBoolean(), eq("c1"), anyInt());
        assertThat(model.rows()).hasSize(400);
        assertThat(model.rows().get(399).deviceId()).isEqualTo("dev-00399");
    }

    @Test
    void sorting_is_done_by_the_gateway() {
        when(client.fleetPage(any(), any(), anyBoolean(), isNull(), anyInt()))
                .thenReturn(CompletableFuture.completedFuture(Rows.page("dev", 0, 1, 1, null)));

        model.sortBy(FleetSort.CERTIFICATE_EXPIRY, true);
        drainUi();

        verify(client).fleetPage(any(), eq(FleetSort.CERTIFICATE_EXPIRY), eq(true), isNull(), anyInt());
    }
}
