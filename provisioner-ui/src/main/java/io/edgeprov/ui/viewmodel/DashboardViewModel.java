package io.edgeprov.ui.viewmodel;

import io.edgeprov.contracts.admin.AdminData.Alert;
import io.edgeprov.contracts.admin.AdminData.DashboardStats;
import io.edgeprov.contracts.admin.AdminEvent;
import io.edgeprov.ui.client.AdminClient;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The dashboard's figures: read once, then kept current by {@code stats} events (only the latest of a
 * burst reaches the UI) and alert events (raised, cleared).
 */
public final class DashboardViewModel {
    private final AdminClient client;
    private final UiThread ui;
    private final Coalescer<String, Object> updates;
    private final ObjectProperty<DashboardStats> stats = new SimpleObjectProperty<>();
    private final ObservableList<Alert> alerts = FXCollections.observableArrayList();
    private final StringProperty message = new SimpleStringProperty("");

    public DashboardViewModel(AdminClient client, UiThread ui, ScheduledExecutorService timer, long coalesceMillis) {
        this.client = Objects.requireNonNull(client);
        this.ui = Objects.requireNonNull(ui);
        this.updates = new Coalescer<>(ui, timer, coalesceMillis, this::apply);
    }

    public void load() {
        Results.apply(client.dashboard(), ui, reply -> {
            show(reply.stats());
            message.set("");
        }, failure -> message.set(failure.words()));
    }

    /** Any thread. */
    public void onEvent(AdminEvent event) {
        if (event instanceof AdminEvent.StatsTick tick) {
            updates.offer("stats", tick.stats());
        } else if (event instanceof AdminEvent.AlertRaised raised) {
            updates.offer("raise:" + raised.alert().alertId(), raised.alert());
        } else if (event instanceof AdminEvent.AlertCleared cleared) {
            updates.offer("clear:" + cleared.alertId(), cleared.alertId());
        }
    }

    private void apply(Map<String, Object> batch) {
        batch.forEach((key, value) -> {
            if (value instanceof DashboardStats s) {
                show(s);
            } else if (value instanceof Alert a) {
                alerts.removeIf(x -> x.alertId().equals(a.alertId()));
                alerts.add(a);
            } else if (value instanceof String id) {
                alerts.removeIf(x -> x.alertId().equals(id));
            }
        });
    }

    private void show(DashboardStats s) {
        stats.set(s);
        alerts.setAll(s.alerts());
    }

    public ReadOnlyObjectProperty<DashboardStats> statsProperty() {
        return stats;
    }

    public ObservableList<Alert> alerts() {
        return alerts;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }
}
