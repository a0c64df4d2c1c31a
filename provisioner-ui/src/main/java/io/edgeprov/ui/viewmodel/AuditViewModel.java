package io.edgeprov.ui.viewmodel;

import io.edgeprov.contracts.admin.AdminData.AuditRow;
import io.edgeprov.ui.client.AdminClient;
import io.edgeprov.ui.client.AuditQuery;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The audit trail, newest first, filtered on the gateway; and whether its hash chain verifies. */
public final class AuditViewModel {
    public static final int PAGE_SIZE = 200;

    private final AdminClient client;
    private final UiThread ui;
    private final ZoneId zone;
    private final StringProperty actor = new SimpleStringProperty("");
    private final StringProperty action = new SimpleStringProperty("");
    private final StringProperty device = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final ObservableList<AuditRow> rows = FXCollections.observableArrayList();
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty more = new SimpleBooleanProperty(false);
    /** null until verified, then whether the chain is intact. */
    private final ObjectProperty<Boolean> intact = new SimpleObjectProperty<>();
    private final StringProperty chain = new SimpleStringProperty("Chain not verified yet");
    private AuditQuery query = AuditQuery.all();
    private String cursor;
    private long generation;

    public AuditViewModel(AdminClient client, UiThread ui, ZoneId zone) {
        this.client = Objects.requireNonNull(client);
        this.ui = Objects.requireNonNull(ui);
        this.zone = Objects.requireNonNull(zone);
    }

    /** Runs the filter from the newest entry; dates are whole days in the console's time zone. */
    public void applyFilter() {
        Instant start = from.get() == null ? null : from.get().atStartOfDay(zone).toInstant();
        Instant end = to.get() == null ? null : to.get().plusDays(1).atStartOfDay(zone).toInstant();
        if (start != null && end != null && !end.isAfter(start)) {
            message.set("The end date is before the start date.");
            return;
        }
        query = new AuditQuery(actor.get(), action.get(), device.get(), start, end);
        long mine = ++generation;
        message.set("Loading…");
        Results.apply(client.auditPage(query, null, PAGE_SIZE), ui, reply -> {
            if (mine != generation) {
                return;
            }
            rows.setAll(reply.rows());
            cursor = reply.nextCursor();
            more.set(cursor != null);
            message.set(rows.isEmpty() ? "No audit entry matches." : rows.size() + (cursor != null ? "+" : "") + " entries");
        }, failure -> {
            if (mine == generation) {
                rows.clear();
                more.set(false);
                message.set(failure.words());
            }
        });
    }

    public void loadMore() {
        if (cursor == null) {
            return;
        }
        long mine = generation;
        String from = cursor;
        cursor = null;
        Results.apply(client.auditPage(query, from, PAGE_SIZE), ui, reply -> {
            if (mine != generation) {
                return;
            }
            rows.addAll(reply.rows());
            cursor = reply.nextCursor();
            more.set(cursor != null);
            message.set(rows.size() + (cursor != null ? "+" : "") + " entries");
        }, failure -> message.set(failure.words()));
    }

    public void verify() {
        chain.set("Verifying the hash chain…");
        intact.set(null);
        Results.apply(client.verifyAudit(), ui, reply -> {
            intact.set(reply.intact());
            chain.set(reply.intact()
                    ? "Hash chain intact: " + Formats.count(reply.entries()) + " entries verify"
                    : "Hash chain BROKEN at entry " + reply.firstBreak() + ": " + reply.detail());
        }, failure -> chain.set(failure.words()));
    }

    public StringProperty actorProperty() {
        return actor;
    }

    public StringProperty actionProperty() {
        return action;
    }

    public StringProperty deviceProperty() {
        return device;
    }

    public ObjectProperty<LocalDate> fromProperty() {
        return from;
    }

    public ObjectProperty<LocalDate> toProperty() {
        return to;
    }

    public ObservableList<AuditRow> rows() {
        return rows;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyBooleanProperty moreProperty() {
        return more;
    }

    public ReadOnlyObjectProperty<Boolean> intactProperty() {
        return intact;
    }

    public ReadOnlyStringProperty chainProperty() {
        return chain;
    }
}
