package io.edgeprov.ui.viewmodel;

import io.edgeprov.contracts.admin.AdminData.PendingRow;
import io.edgeprov.contracts.admin.AdminRequest.Decision;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.ui.client.AdminClient;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The pending queue: genuine TPMs (their EK certificate chains to a trusted manufacturer root) that no
 * enrollment covers. A technician approves (an individual enrollment for the EK) or rejects each.
 */
public final class PendingViewModel {
    public static final int PAGE_SIZE = 200;

    private final AdminClient client;
    private final UiThread ui;
    private final ObservableList<PendingRow> rows = FXCollections.observableArrayList();
    private final LongProperty total = new SimpleLongProperty();
    private final StringProperty note = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty failed = new SimpleBooleanProperty(false);
    private long generation;

    public PendingViewModel(AdminClient client, UiThread ui) {
        this.client = Objects.requireNonNull(client);
        this.ui = Objects.requireNonNull(ui);
    }

    public void load() {
        long mine = ++generation;
        Results.apply(client.pending(null, PAGE_SIZE), ui, reply -> {
            if (mine == generation) {
                rows.setAll(reply.rows());
                total.set(reply.total());
            }
        }, failure -> {
            if (mine == generation) {
                failed.set(true);
                message.set(failure.words());
            }
        });
    }

    public void approve(PendingRow row) {
        decide(row, Decision.APPROVE);
    }

    public void reject(PendingRow row) {
        decide(row, Decision.REJECT);
    }

    private void decide(PendingRow row, Decision decision) {
        if (row == null) {
            return;
        }
        String written = note.get() == null || note.get().isBlank() ? null : note.get().strip();
        failed.set(false);
        message.set((decision == Decision.APPROVE ? "Approving " : "Rejecting ") + row.deviceId() + "…");
        Results.apply(client.decide(row.deviceId(), decision, written), ui, reply -> {
            rows.remove(row);
            total.set(Math.max(0, total.get() - 1));
            note.set("");
            message.set(decision == Decision.APPROVE
                    ? "Approved " + row.deviceId() + (reply.enrollmentId() == null ? "" : " (enrollment " + reply.enrollmentId() + ")")
                            + ": it enrolls on its next attempt."
                    : "Rejected " + row.deviceId() + ": it stays refused.");
            load();
        }, failure -> {
            failed.set(true);
            message.set(failure.words());
        });
    }

    /** Why a pending device waits, in words: the refusal it gets (its genuineness is the root column). */
    public static String why(PendingRow row) {
        // The root it chains to (what makes it genuine) has its own column; this says why it is not admitted.
        return "NOT_ENROLLED: " + WireErrorCode.NOT_ENROLLED.meaning();
    }

    public ObservableList<PendingRow> rows() {
        return rows;
    }

    public ReadOnlyLongProperty totalProperty() {
        return total;
    }

    public StringProperty noteProperty() {
        return note;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyBooleanProperty failedProperty() {
        return failed;
    }
}
