package io.edgeprov.ui.viewmodel;

import io.edgeprov.contracts.admin.AdminData.AuditRow;
import io.edgeprov.contracts.admin.AdminData.CertificateRow;
import io.edgeprov.contracts.admin.AdminData.DeviceRow;
import io.edgeprov.contracts.admin.AdminData.EnrollmentRow;
import io.edgeprov.contracts.admin.AdminData.RefusalRow;
import io.edgeprov.ui.client.AdminClient;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** One device: its row, certificate history, the enrollment that admitted it, audit trail, last refusals. */
public final class DeviceDetailViewModel {
    private final AdminClient client;
    private final UiThread ui;
    private final StringProperty deviceId = new SimpleStringProperty("");
    private final ObjectProperty<DeviceRow> device = new SimpleObjectProperty<>();
    private final ObjectProperty<EnrollmentRow> enrollment = new SimpleObjectProperty<>();
    private final ObservableList<CertificateRow> certificates = FXCollections.observableArrayList();
    private final ObservableList<AuditRow> audit = FXCollections.observableArrayList();
    private final ObservableList<RefusalRow> refusals = FXCollections.observableArrayList();
    private final StringProperty message = new SimpleStringProperty("Open a device from the fleet (double-click or Details…).");
    private long generation;

    public DeviceDetailViewModel(AdminClient client, UiThread ui) {
        this.client = Objects.requireNonNull(client);
        this.ui = Objects.requireNonNull(ui);
    }

    public void open(String id) {
        deviceId.set(id);
        reload();
    }

    public void reload() {
        String id = deviceId.get();
        if (id == null || id.isBlank()) {
            return;
        }
        long mine = ++generation;
        message.set("Loading " + id + "…");
        Results.apply(client.deviceDetail(id.strip()), ui, reply -> {
            if (mine != generation) {
                return;
            }
            device.set(reply.device());
            enrollment.set(reply.enrollment());
            certificates.setAll(reply.certificates());
            audit.setAll(reply.audit());
            refusals.setAll(reply.lastRefusals());
            message.set("");
        }, failure -> {
            if (mine != generation) {
                return;
            }
            device.set(null);
            enrollment.set(null);
            certificates.clear();
            audit.clear();
            refusals.clear();
            message.set(failure.words());
        });
    }

    public StringProperty deviceIdProperty() {
        return deviceId;
    }

    public ReadOnlyObjectProperty<DeviceRow> deviceProperty() {
        return device;
    }

    public ReadOnlyObjectProperty<EnrollmentRow> enrollmentProperty() {
        return enrollment;
    }

    public ObservableList<CertificateRow> certificates() {
        return certificates;
    }

    public ObservableList<AuditRow> audit() {
        return audit;
    }

    public ObservableList<RefusalRow> refusals() {
        return refusals;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }
}
