package io.edgeprov.ui.view;

import io.edgeprov.contracts.admin.AdminData.AuditRow;
import io.edgeprov.contracts.admin.AdminData.CertificateRow;
import io.edgeprov.contracts.admin.AdminData.DeviceRow;
import io.edgeprov.contracts.admin.AdminData.EnrollmentRow;
import io.edgeprov.contracts.admin.AdminData.RefusalRow;
import io.edgeprov.ui.viewmodel.DeviceDetailViewModel;
import io.edgeprov.ui.viewmodel.Formats;
import java.time.Clock;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** One device: summary, enrollment, certificate history, last refusals in words, audit trail. */
public final class DeviceDetailView extends VBox {
    public DeviceDetailView(DeviceDetailViewModel model, Clock clock) {
        super(10);
        getStyleClass().add("screen");
        setPadding(new Insets(12));
        TextField id = new TextField();
        id.setId("detail-device");
        id.setPromptText("device id");
        id.setPrefColumnCount(24);
        id.textProperty().bindBidirectional(model.deviceIdProperty());
        id.setOnAction(e -> model.reload());
        Button open = new Button("Open");
        open.setId("detail-open");
        open.setOnAction(e -> model.reload());
        Label message = new Label();
        message.setId("detail-message");
        message.textProperty().bind(model.messageProperty());
        HBox bar = new HBox(8, new Label("Device"), id, open, message);
        bar.setAlignment(Pos.CENTER_LEFT);

        Label state = new Label();
        state.setId("detail-state");
        model.deviceProperty().addListener((o, a, d) -> {
            state.getStyleClass().removeIf(s -> s.startsWith("state-"));
            state.setText(d == null ? "" : Formats.stateWords(d.state()));
            if (d != null) {
                state.getStyleClass().add(Formats.stateStyle(d.state()));
            }
        });
        Label summary = new Label();
        summary.setId("detail-summary");
        summary.textProperty().bind(Bindings.createStringBinding(() -> {
            DeviceRow d = model.deviceProperty().get();
            if (d == null) {
                return "";
            }
            return "lot " + (d.lot() == null ? "—" : d.lot()) + " · last seen " + Formats.ago(clock.instant(), d.lastSeen())
                    + " · certificate expires " + Formats.countdown(clock.instant(), d.certificateNotAfter())
                    + " · " + d.renewalCount() + " renewals · " + d.refusals24h() + " refusals in 24 h";
        }, model.deviceProperty()));
        Label enrollment = new Label();
        enrollment.setId("detail-enrollment");
        enrollment.textProperty().bind(Bindings.createStringBinding(() -> {
            EnrollmentRow e = model.enrollmentProperty().get();
            if (e == null) {
                return model.deviceProperty().get() == null ? "" : "Admitted by: unknown enrollment";
            }
            return "Admitted by " + e.enrollmentId() + " (" + e.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + (e.serialPattern() == null ? "" : ", serials " + e.serialPattern()) + ", "
                    + (e.enabled() ? "enabled" : "disabled") + ", created by " + e.createdBy() + " " + Formats.stamp(e.createdAt()) + ")";
        }, model.enrollmentProperty(), model.deviceProperty()));
        GridPane head = new GridPane();
        head.setHgap(10);
        head.setVgap(4);
        head.addRow(0, new Label("State"), state);
        head.addRow(1, new Label("Summary"), summary);
        head.addRow(2, new Label("Enrollment"), enrollment);

        TableView<CertificateRow> certs = new TableView<>(model.certificates());
        certs.setId("detail-certificates");
        certs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        certs.setPlaceholder(new Label("No certificate issued"));
        certs.getColumns().setAll(List.of(
                Tables.column("Serial", CertificateRow::serialHex, 200),
                Tables.column("Not before", c -> Formats.stamp(c.notBefore()), 150),
                Tables.column("Not after", c -> Formats.stamp(c.notAfter()), 150),
                Tables.styled("Status", c -> c.revoked() ? "revoked " + Formats.stamp(c.revokedAt())
                        + (c.revocationReason() == null ? "" : " (" + c.revocationReason().rfcName() + ")")
                        : c.notAfter().isBefore(clock.instant()) ? "expired" : "valid",
                        c -> c.revoked() ? "state-revoked" : c.notAfter().isBefore(clock.instant()) ? "state-disabled" : "state-active", 300)));
        TableView<RefusalRow> refusals = new TableView<>(model.refusals());
        refusals.setId("detail-refusals");
        refusals.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        refusals.setPlaceholder(new Label("No refusal"));
        refusals.getColumns().setAll(List.of(
                Tables.column("When", r -> Formats.stamp(r.at()), 150),
                Tables.styled("Code", RefusalRow::code, r -> "state-revoked", 170),
                Tables.column("What it means", r -> Formats.refusalWords(r.code()), 380),
                Tables.column("Detail", RefusalRow::detail, 260)));
        TableView<AuditRow> audit = new TableView<>(model.audit());
        audit.setId("detail-audit");
        audit.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        audit.setPlaceholder(new Label("No audit entry"));
        audit.getColumns().setAll(List.of(
                Tables.column("When", r -> Formats.stamp(r.at()), 150),
                Tables.column("Actor", AuditRow::actor, 160),
                Tables.column("Action", AuditRow::action, 150),
                Tables.column("Outcome", AuditRow::outcome, 80),
                Tables.column("Reason", AuditRow::reason, 300)));
        for (TableView<?> t : List.of(certs, refusals, audit)) {
            VBox.setVgrow(t, Priority.ALWAYS);
            t.setPrefHeight(150);
        }
        getChildren().addAll(bar, head, section("Certificate history"), certs, section("Last refusals"), refusals,
                section("Audit trail"), audit);
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }
}
