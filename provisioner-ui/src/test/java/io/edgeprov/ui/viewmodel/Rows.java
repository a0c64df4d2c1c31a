package io.edgeprov.ui.viewmodel;

import io.edgeprov.contracts.admin.AdminData.DeviceRow;
import io.edgeprov.contracts.admin.AdminData.DeviceStatus;
import io.edgeprov.contracts.admin.AdminReply.FleetPageReply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Given-helpers for fleet rows and pages. */
final class Rows {
    private Rows() {
    }

    static DeviceRow device(String id) {
        return new DeviceRow(id, DeviceStatus.ACTIVE, "L-1", "group-acme", Instant.parse("2026-12-06T02:00:00Z"),
                Instant.parse("2026-12-07T02:00:00Z"), 1, 0, null);
    }

    static FleetPageReply page(String prefix, int from, int count, long total, String next) {
        List<DeviceRow> rows = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            rows.add(device(String.format("%s-%05d", prefix, i)));
        }
        return new FleetPageReply("r1", rows, total, next);
    }
}
