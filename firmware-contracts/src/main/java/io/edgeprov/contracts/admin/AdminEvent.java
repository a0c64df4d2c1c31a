package io.edgeprov.contracts.admin;

import io.edgeprov.contracts.admin.AdminData.Alert;
import io.edgeprov.contracts.admin.AdminData.DashboardStats;
import java.util.List;

/**
 * What the gateway pushes on {@code admin/v1/{operatorId}/events}, coalesced: at most one {@code DevicesChanged}
 * batch per operator every 250 ms. The JSON object carries its kind in the field {@code event}
 * ({@link #wireName()}), before the record's fields.
 */
public sealed interface AdminEvent {

    /** The value of the {@code event} field. */
    String wireName();

    /**
     * Devices whose row changed (state, certificate, last seen, refusals): ids only, the console re-reads what
     * it shows. {@code overflow} says more changed than fit: re-read the whole view.
     */
    record DevicesChanged(List<String> deviceIds, boolean overflow) implements AdminEvent {
        public DevicesChanged {
            deviceIds = Check.deviceIds(deviceIds, "deviceIds", AdminData.MAX_DEVICE_IDS);
        }

        @Override
        public String wireName() {
            return "devices-changed";
        }
    }

    /** The dashboard's figures, every few seconds while anyone is connected. */
    record StatsTick(DashboardStats stats) implements AdminEvent {
        public StatsTick {
            Check.present(stats, "stats");
        }

        @Override
        public String wireName() {
            return "stats";
        }
    }

    record AlertRaised(Alert alert) implements AdminEvent {
        public AlertRaised {
            Check.present(alert, "alert");
        }

        @Override
        public String wireName() {
            return "alert-raised";
        }
    }

    record AlertCleared(String alertId) implements AdminEvent {
        public AlertCleared {
            Check.matching(alertId, "alertId", Check.REQUEST_ID, "1 to 64 characters of [A-Za-z0-9_-]");
        }

        @Override
        public String wireName() {
            return "alert-cleared";
        }
    }

    /** Every kind, for decoding by {@code event} name. */
    List<Class<? extends AdminEvent>> KINDS = List.of(DevicesChanged.class, StatsTick.class, AlertRaised.class,
            AlertCleared.class);
}
