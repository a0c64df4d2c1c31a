package io.edgeprov.gateway.admin;

import io.edgeprov.contracts.admin.AdminData.Alert;
import io.edgeprov.contracts.admin.AdminData.AlertKind;
import io.edgeprov.contracts.admin.AdminEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Active alerts (break-glass, bursts of attestation failures): raised and cleared as events, listed in stats. */
final class Alerts {
    private final EventHub events;
    private final Map<String, Alert> active = new ConcurrentHashMap<>();

    Alerts(EventHub events) {
        this.events = events;
    }

    void breakGlass(BreakGlass.Change change) {
        if (change instanceof BreakGlass.Change.Taken taken) {
            BreakGlass.Held h = taken.held();
            long minutes = Math.max(1, java.time.Duration.between(h.since(), h.until()).toMinutes());
            raise(new Alert(id(h), AlertKind.BREAK_GLASS, h.since(), "operator " + h.operatorName()
                    + " took break-glass for " + minutes + " minutes: " + summary(h.reason())));
        } else if (change instanceof BreakGlass.Change.Ended ended) {
            clear(id(ended.held()));
        }
    }

    void raise(Alert alert) {
        if (active.put(alert.alertId(), alert) == null) {
            events.broadcast(new AdminEvent.AlertRaised(alert));
        }
    }

    void clear(String alertId) {
        if (active.remove(alertId) != null) {
            events.broadcast(new AdminEvent.AlertCleared(alertId));
        }
    }

    boolean isActive(String alertId) {
        return active.containsKey(alertId);
    }

    List<Alert> active() {
        return active.values().stream().sorted(java.util.Comparator.comparing(Alert::raisedAt)).toList();
    }

    private static String id(BreakGlass.Held h) {
        String name = h.operatorName().replaceAll("[^A-Za-z0-9_-]", "_");
        String id = "bg-" + name + "-" + h.since().getEpochSecond();
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    private static String summary(String reason) {
        String line = reason.replaceAll("\\p{Cntrl}", " ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
