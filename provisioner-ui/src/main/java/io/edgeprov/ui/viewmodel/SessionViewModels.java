package io.edgeprov.ui.viewmodel;

import io.edgeprov.contracts.admin.AdminEvent;
import io.edgeprov.ui.client.AdminClient;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The view models of one open session, sharing its client; live events fan out from here to the
 * screens that show them.
 */
public final class SessionViewModels implements AutoCloseable {
    private final AdminClient client;
    private final ScheduledExecutorService timer;
    private final FleetViewModel fleet;
    private final RevocationViewModel revocation;
    private final OnboardingViewModel onboarding;
    private final GroupsViewModel groups;
    private final PendingViewModel pending;
    private final AuditViewModel audit;
    private final DeviceDetailViewModel detail;
    private final DashboardViewModel dashboard;
    private final BreakGlassViewModel breakGlass;
    private final Coalescer<String, Boolean> pendingChanges;
    private AdminClient.Subscription events;

    public SessionViewModels(AdminClient client, UiThread ui, ScheduledExecutorService timer, long coalesceMillis, Clock clock) {
        this.client = Objects.requireNonNull(client);
        this.timer = timer;
        this.fleet = new FleetViewModel(client, ui, timer, coalesceMillis);
        this.revocation = new RevocationViewModel(client, ui);
        this.onboarding = new OnboardingViewModel(client, ui);
        this.groups = new GroupsViewModel(client, ui);
        this.pending = new PendingViewModel(client, ui);
        this.audit = new AuditViewModel(client, ui, clock.getZone());
        this.detail = new DeviceDetailViewModel(client, ui);
        this.dashboard = new DashboardViewModel(client, ui, timer, coalesceMillis);
        this.breakGlass = new BreakGlassViewModel(client, ui, clock, timer);
        // A device joining the pending queue arrives as a device change: re-read the queue at most once per batch.
        this.pendingChanges = new Coalescer<>(ui, timer, Math.max(coalesceMillis, 1_000), batch -> pending.load());
    }

    /** Subscribes to live events and loads the first screens. */
    public void start() {
        events = client.subscribe(this::dispatch);
        breakGlass.start(client.identity());
        fleet.applyFilter();
        dashboard.load();
        pending.load();
        groups.load();
        audit.applyFilter();
    }

    private void dispatch(AdminEvent event) {
        fleet.onEvent(event);
        dashboard.onEvent(event);
        breakGlass.onEvent(event);
        if (event instanceof AdminEvent.DevicesChanged) {
            pendingChanges.offer("pending", Boolean.TRUE);
        }
    }

    public AdminClient client() {
        return client;
    }

    public FleetViewModel fleet() {
        return fleet;
    }

    public RevocationViewModel revocation() {
        return revocation;
    }

    public OnboardingViewModel onboarding() {
        return onboarding;
    }

    public GroupsViewModel groups() {
        return groups;
    }

    public PendingViewModel pending() {
        return pending;
    }

    public AuditViewModel audit() {
        return audit;
    }

    public DeviceDetailViewModel detail() {
        return detail;
    }

    public DashboardViewModel dashboard() {
        return dashboard;
    }

    public BreakGlassViewModel breakGlass() {
        return breakGlass;
    }

    /** Unsubscribes and closes the connection off the UI thread (a disconnect may wait for the broker). */
    @Override
    public void close() {
        if (events != null) {
            events.close();
        }
        Runnable closing = client::close;
        if (timer != null && !timer.isShutdown()) {
            timer.execute(closing);
        } else {
            closing.run();
        }
    }
}
