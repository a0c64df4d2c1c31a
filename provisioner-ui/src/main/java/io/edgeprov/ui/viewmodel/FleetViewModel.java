package io.edgeprov.ui.viewmodel;

import io.edgeprov.contracts.admin.AdminData.DeviceRow;
import io.edgeprov.contracts.admin.AdminData.DeviceStatus;
import io.edgeprov.contracts.admin.AdminData.FleetFilter;
import io.edgeprov.contracts.admin.AdminData.FleetSort;
import io.edgeprov.contracts.admin.AdminEvent;
import io.edgeprov.contracts.admin.AdminReply.FleetPageReply;
import io.edgeprov.ui.client.AdminClient;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The fleet table, paged from the gateway. The gateway filters and sorts; the console holds only the
 * rows the person has scrolled through (pages of {@link #PAGE_SIZE}, the next one fetched when the
 * table nears the end), so 100,000 devices never cross the wire at once.
 *
 * <p>Every query carries a generation: a reply to a filter the person has since replaced is dropped.
 * Live {@code DevicesChanged} events are coalesced; one batch re-reads the shown window once, and
 * events arriving while a read is in flight mark it dirty for one more read afterwards, never a queue.
 */
public final class FleetViewModel {
    public static final int PAGE_SIZE = 200;
    /** How near the end of the loaded rows the table may scroll before the next page is fetched. */
    public static final int PREFETCH_ROWS = 40;

    private final AdminClient client;
    private final UiThread ui;
    private final Coalescer<String, Boolean> changes;
    private final java.util.concurrent.atomic.AtomicLong changedIds = new java.util.concurrent.atomic.AtomicLong();

    private final ObservableList<DeviceRow> rows = FXCollections.observableArrayList();
    private final StringProperty search = new SimpleStringProperty("");
    private final ObjectProperty<DeviceStatus> stateFilter = new SimpleObjectProperty<>();
    private final ObjectProperty<FleetSort> sort = new SimpleObjectProperty<>(FleetSort.DEVICE_ID);
    private final BooleanProperty descending = new SimpleBooleanProperty(false);
    private final LongProperty total = new SimpleLongProperty(0);
    private final BooleanProperty loading = new SimpleBooleanProperty(false);
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final LongProperty liveUpdates = new SimpleLongProperty(0);

    private FleetFilter activeFilter = FleetFilter.all();
    private FleetSort activeSort = FleetSort.DEVICE_ID;
    private boolean activeDescending;
    private long generation;
    private String nextCursor;
    private boolean pageInFlight;
    private boolean refreshInFlight;
    private boolean dirty;

    public FleetViewModel(AdminClient client, UiThread ui, ScheduledExecutorService timer, long coalesceMillis) {
        this.client = Objects.requireNonNull(client);
        this.ui = Objects.requireNonNull(ui);
        this.changes = new Coalescer<>(ui, timer, coalesceMillis, this::devicesChanged);
    }

    /** Any thread: feeds the live events this view cares about. */
    public void onEvent(AdminEvent event) {
        if (event instanceof AdminEvent.DevicesChanged changed) {
            // Which ids changed does not matter (one re-read covers them all): count them, flag one change.
            changedIds.addAndGet(changed.deviceIds().size());
            changes.offer("changed", Boolean.TRUE);
        }
    }

    /** Runs the current search, state filter and sort on the gateway, from the first page. */
    public void applyFilter() {
        String text = search.get() == null ? "" : search.get().strip();
        activeFilter = new FleetFilter(text.isEmpty() ? null : text,
                stateFilter.get() == null ? List.of() : List.of(stateFilter.get()));
        activeSort = sort.get();
        activeDescending = descending.get();
        long mine = ++generation;
        nextCursor = null;
        pageInFlight = true;
        dirty = false;
        loading.set(true);
        Results.apply(client.fleetPage(activeFilter, activeSort, activeDescending, null, PAGE_SIZE), ui, reply -> {
            if (mine != generation) {
                return;
            }
            pageInFlight = false;
            loading.set(false);
            error.set("");
            rows.setAll(reply.rows());
            accept(reply);
            afterRead();
        }, failure -> {
            if (mine != generation) {
                return;
            }
            pageInFlight = false;
            loading.set(false);
            rows.clear();
            total.set(0);
            error.set(failure.words());
            updateStatus();
        });
    }

    /** The gateway orders the rows; called by the table's sort policy. */
    public void sortBy(FleetSort newSort, boolean newDescending) {
        sort.set(newSort);
        descending.set(newDescending);
        applyFilter();
    }

    /** The table shows row {@code index}; fetches the next page when it nears the end of what is loaded. */
    public void shown(int index) {
        if (index >= rows.size() - PREFETCH_ROWS) {
            loadMore();
        }
    }

    public void loadMore() {
        if (nextCursor == null || pageInFlight || refreshInFlight) {
            return;
        }
        long mine = generation;
        pageInFlight = true;
        loading.set(true);
        Results.apply(client.fleetPage(activeFilter, activeSort, activeDescending, nextCursor, PAGE_SIZE), ui, reply -> {
            if (mine != generation) {
                return;
            }
            pageInFlight = false;
            loading.set(false);
            rows.addAll(reply.rows());
            accept(reply);
            afterRead();
        }, failure -> {
            if (mine != generation) {
                return;
            }
            pageInFlight = false;
            loading.set(false);
            error.set(failure.words());
        });
    }

    private void devicesChanged(Map<String, Boolean> batch) {
        liveUpdates.set(liveUpdates.get() + changedIds.getAndSet(0));
        // A changed id may be a shown row, a row not loaded yet, or a new device that now matches the
        // filter: the console cannot tell which without asking, so one coalesced batch is one re-read.
        refresh();
    }

    /** Re-reads the loaded window (from the first page, as many rows as are shown) once. */
    public void refresh() {
        if (pageInFlight || refreshInFlight) {
            dirty = true;
            return;
        }
        long mine = generation;
        int want = Math.max(PAGE_SIZE, rows.size());
        refreshInFlight = true;
        List<DeviceRow> collected = new ArrayList<>(want);
        readWindow(mine, null, want, collected).whenComplete((reply, failure) -> ui.run(() -> {
            if (mine != generation) {
                refreshInFlight = false;
                return;
            }
            refreshInFlight = false;
            if (failure != null) {
                error.set(Results.Failure.of(failure).words());
            } else {
                error.set("");
                rows.setAll(collected);
                accept(reply);
            }
            afterRead();
        }));
    }

    private CompletableFuture<FleetPageReply> readWindow(long mine, String cursor, int remaining, List<DeviceRow> into) {
        int size = Math.min(remaining, io.edgeprov.contracts.admin.AdminData.MAX_PAGE_SIZE);
        return client.fleetPage(activeFilter, activeSort, activeDescending, cursor, size).thenCompose(reply -> {
            into.addAll(reply.rows());
            int left = remaining - reply.rows().size();
            if (left > 0 && reply.nextCursor() != null && !reply.rows().isEmpty() && mine == generation) {
                return readWindow(mine, reply.nextCursor(), left, into);
            }
            return CompletableFuture.completedFuture(reply);
        });
    }

    private void accept(FleetPageReply reply) {
        nextCursor = reply.nextCursor();
        total.set(reply.total());
        updateStatus();
    }

    private void afterRead() {
        if (dirty) {
            dirty = false;
            refresh();
        }
    }

    private void updateStatus() {
        NumberFormat n = NumberFormat.getIntegerInstance(Locale.ROOT);
        n.setGroupingUsed(true);
        String shown = n.format(rows.size());
        String all = n.format(total.get());
        status.set(total.get() == 0 ? "No devices match"
                : rows.size() >= total.get() ? all + " devices"
                : shown + " of " + all + " devices loaded (scroll for more)");
    }

    public ObservableList<DeviceRow> rows() {
        return rows;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ObjectProperty<DeviceStatus> stateFilterProperty() {
        return stateFilter;
    }

    public ObjectProperty<FleetSort> sortProperty() {
        return sort;
    }

    public BooleanProperty descendingProperty() {
        return descending;
    }

    public ReadOnlyLongProperty totalProperty() {
        return total;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    /** How many device changes the live feed brought (coalesced batches add their size). */
    public ReadOnlyLongProperty liveUpdatesProperty() {
        return liveUpdates;
    }

    /** The filter the shown rows answer (what a "revoke the search result" would revoke). */
    public FleetFilter activeFilter() {
        return activeFilter;
    }
}
