package io.edgeprov.ui.viewmodel;

import io.edgeprov.contracts.admin.AdminData.DeviceRow;
import io.edgeprov.contracts.admin.AdminData.EnrollmentRow;
import io.edgeprov.ui.client.AdminClient;
import java.util.Objects;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Group enrollments by manufacturer root: which devices each admitted, and enabling or disabling it. */
public final class GroupsViewModel {
    public static final int PAGE_SIZE = 200;

    private final AdminClient client;
    private final UiThread ui;
    private final ObservableList<EnrollmentRow> groups = FXCollections.observableArrayList();
    private final ObjectProperty<EnrollmentRow> selected = new SimpleObjectProperty<>();
    private final ObservableList<DeviceRow> covered = FXCollections.observableArrayList();
    private final LongProperty coveredTotal = new SimpleLongProperty();
    private final StringProperty message = new SimpleStringProperty("");
    private long generation;

    public GroupsViewModel(AdminClient client, UiThread ui) {
        this.client = Objects.requireNonNull(client);
        this.ui = Objects.requireNonNull(ui);
        selected.addListener((o, a, b) -> loadCovered(b));
    }

    public void load() {
        Results.apply(client.groups(), ui, reply -> {
            String keep = selected.get() == null ? null : selected.get().enrollmentId();
            groups.setAll(reply.groups());
            groups.stream().filter(g -> g.enrollmentId().equals(keep)).findFirst().ifPresent(selected::set);
        }, failure -> message.set(failure.words()));
    }

    private void loadCovered(EnrollmentRow group) {
        long mine = ++generation;
        covered.clear();
        coveredTotal.set(0);
        if (group == null) {
            return;
        }
        Results.apply(client.groupDevices(group.enrollmentId(), null, PAGE_SIZE), ui, reply -> {
            if (mine == generation) {
                covered.setAll(reply.rows());
                coveredTotal.set(reply.total());
            }
        }, failure -> message.set(failure.words()));
    }

    public void setEnabled(EnrollmentRow group, boolean enabled) {
        if (group == null) {
            return;
        }
        message.set((enabled ? "Enabling " : "Disabling ") + group.enrollmentId() + "…");
        Results.apply(client.setGroupEnabled(group.enrollmentId(), enabled), ui, reply -> {
            message.set((reply.enabled() ? "Enabled " : "Disabled ") + reply.enrollmentId()
                    + (reply.enabled() ? ": devices it covers may enroll." : ": devices it covers can no longer enroll."));
            load();
        }, failure -> message.set(failure.words()));
    }

    public ObservableList<EnrollmentRow> groups() {
        return groups;
    }

    public ObjectProperty<EnrollmentRow> selectedProperty() {
        return selected;
    }

    public ObservableList<DeviceRow> covered() {
        return covered;
    }

    public ReadOnlyLongProperty coveredTotalProperty() {
        return coveredTotal;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }
}
