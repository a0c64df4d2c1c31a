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
    private AdminClient.Subscription events;

    public SessionViewModels(AdminClient client, UiThread ui, ScheduledExecutorService timer, long coalesceMillis, Clock clock) {
        this.client = Objects.requireNonNull(client);
        this.timer = timer;
        this.fleet = new FleetViewModel(client, ui, timer, coalesceMillis);
        this.revocation = new RevocationViewModel(client, ui);
    }

    /** Subscribes to live events and loads the first screens. */
    public void start() {
        events = client.subscribe(this::dispatch);
        fleet.applyFilter();
    }

    private void dispatch(AdminEvent event) {
        fleet.onEvent(event);
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
