package io.edgeprov.ui.view;

import io.edgeprov.contracts.admin.AdminData.DeviceRow;
import io.edgeprov.contracts.admin.AdminData.EnrollmentRow;
import io.edgeprov.contracts.admin.AdminData.ImportLine;
import io.edgeprov.contracts.admin.AdminData.ImportOutcome;
import io.edgeprov.ui.viewmodel.Formats;
import io.edgeprov.ui.viewmodel.GroupsViewModel;
import io.edgeprov.ui.viewmodel.OnboardingViewModel;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** Add one device (typed or scanned), import a CSV batch after a per-line report, manage group enrollments. */
public final class OnboardingView extends SplitPane {
    public OnboardingView(OnboardingViewModel model, GroupsViewModel groups) {
        getStyleClass().add("screen");
        VBox left = new VBox(14, single(model), batch(model));
        left.setPadding(new Insets(12));
        VBox right = groups(groups);
        right.setPadding(new Insets(12));
        getItems().addAll(left, right);
        setDividerPositions(0.55);
    }

    private static VBox single(OnboardingViewModel model) {
        Label title = new Label("Add one device");
        title.getStyleClass().add("section-title");
        Label hint = new Label("Type the serial and the SHA-256 of its EK, or scan the device label into the serial field "
                + "(a scanner sends serial,ek and Enter).");
        hint.setWrapText(true);
        hint.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        hint.getStyleClass().add("muted");
        TextField serial = new TextField();
        serial.setId("onboard-serial");
        serial.setPromptText("serial (or scan)");
        serial.setPrefColumnCount(22);
        TextField ek = new TextField();
        ek.setId("onboard-ek");
        ek.setPromptText("EK SHA-256, 64 hex digits");
        ek.setPrefColumnCount(40);
        ek.textProperty().bindBidirectional(model.ekSha256Property());
        // The serial field is not bound both ways: a scan arrives as one string to be split on Enter.
        model.serialProperty().addListener((o, a, b) -> {
            if (!serial.getText().equals(b)) {
                serial.setText(b);
            }
        });
        serial.textProperty().addListener((o, a, b) -> {
            if (!b.contains(",") && !b.contains(";") && !b.contains("\t") && !b.contains(" ")) {
                model.serialProperty().set(b);
            }
        });
        serial.setOnAction(e -> {
            if (!model.scanned(serial.getText())) {
                ek.requestFocus();
            }
        });
        ek.setOnAction(e -> model.add());
        Button add = new Button("Allow device");
        add.setId("onboard-add");
        add.getStyleClass().add("primary");
        add.disableProperty().bind(model.addingProperty());
        add.setOnAction(e -> {
            model.serialProperty().set(serial.getText().strip());
            model.add();
        });
        Label message = message(model.addMessageProperty(), model.addFailedProperty());
        message.setId("onboard-message");
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.addRow(0, new Label("Serial"), serial);
        form.addRow(1, new Label("EK SHA-256"), ek);
        ListView<String> added = new ListView<>(model.added());
        added.setPrefHeight(70);
        added.setPlaceholder(new Label("Devices you allow appear here."));
        return new VBox(8, title, hint, form, new HBox(10, add), message, added);
    }

    private static VBox batch(OnboardingViewModel model) {
        Label title = new Label("Import a batch (CSV)");
        title.getStyleClass().add("section-title");
        Label hint = new Label("Lines serial,ek_sha256; # comments and blank lines are ignored. The gateway checks every line "
                + "first; nothing is committed while any line is invalid.");
        hint.setWrapText(true);
        hint.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        hint.getStyleClass().add("muted");
        TextArea csv = new TextArea();
        csv.setId("batch-csv");
        csv.setPromptText("paste lines serial,ek_sha256 or open a CSV file");
        csv.setPrefRowCount(5);
        csv.textProperty().bindBidirectional(model.csvProperty());
        Button open = new Button("Open CSV…");
        open.setId("batch-open");
        open.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv", "*.txt"));
            File file = chooser.showOpenDialog(open.getScene().getWindow());
            if (file != null) {
                try {
                    model.csvProperty().set(Files.readString(file.toPath(), StandardCharsets.UTF_8));
                } catch (IOException ex) {
                    model.csvProperty().set("");
                }
            }
        });
        Button validate = new Button("Validate");
        validate.setId("batch-validate");
        validate.disableProperty().bind(model.batchBusyProperty());
        validate.setOnAction(e -> model.validate());
        Button commit = new Button("Commit");
        commit.setId("batch-commit");
        commit.getStyleClass().add("primary");
        commit.disableProperty().bind(model.canCommitBinding().not());
        commit.setOnAction(e -> model.commit());
        Label message = message(model.batchMessageProperty(), model.batchFailedProperty());
        message.setId("batch-message");
        TableView<ImportLine> report = new TableView<>(model.report());
        report.setId("batch-report");
        report.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        report.setPlaceholder(new Label("Validate to see a report for every line."));
        report.setPrefHeight(180);
        report.getColumns().setAll(List.of(
                Tables.column("Line", l -> Integer.toString(l.line()), 50),
                Tables.column("Serial", l -> l.deviceId() == null ? "" : l.deviceId(), 140),
                Tables.styled("Outcome", l -> l.outcome().name().toLowerCase(java.util.Locale.ROOT),
                        l -> l.outcome() == ImportOutcome.VALID ? "state-active"
                                : l.outcome() == ImportOutcome.INVALID ? "state-revoked" : "state-pending", 90),
                Tables.column("Detail", ImportLine::detail, 330)));
        VBox.setVgrow(report, Priority.ALWAYS);
        HBox actions = new HBox(10, open, validate, commit);
        actions.setAlignment(Pos.CENTER_LEFT);
        return new VBox(8, title, hint, csv, actions, message, report);
    }

    private static VBox groups(GroupsViewModel model) {
        Label title = new Label("Group enrollments");
        title.getStyleClass().add("section-title");
        Label hint = new Label("Any TPM whose EK certificate chains to the group's manufacturer root and whose serial matches "
                + "its pattern may enroll while the group is enabled.");
        hint.setWrapText(true);
        hint.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        hint.getStyleClass().add("muted");
        TableView<EnrollmentRow> table = new TableView<>(model.groups());
        table.setId("groups-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No group enrollments"));
        table.setPrefHeight(200);
        table.getColumns().setAll(List.of(
                Tables.column("Enrollment", EnrollmentRow::enrollmentId, 170),
                Tables.styled("Status", g -> g.enabled() ? "enabled" : "disabled", g -> g.enabled() ? "state-active" : "state-disabled", 80),
                Tables.column("Serial pattern", g -> g.serialPattern() == null ? "" : g.serialPattern(), 120),
                Tables.column("Devices", g -> Formats.count(g.devices()), 70),
                Tables.column("Created by", EnrollmentRow::createdBy, 110)));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> model.selectedProperty().set(b));
        Button enable = new Button("Enable");
        enable.setId("group-enable");
        enable.disableProperty().bind(Bindings.createBooleanBinding(() -> model.selectedProperty().get() == null
                || model.selectedProperty().get().enabled(), model.selectedProperty()));
        enable.setOnAction(e -> model.setEnabled(model.selectedProperty().get(), true));
        Button disable = new Button("Disable");
        disable.setId("group-disable");
        disable.getStyleClass().add("danger");
        disable.disableProperty().bind(Bindings.createBooleanBinding(() -> model.selectedProperty().get() == null
                || !model.selectedProperty().get().enabled(), model.selectedProperty()));
        disable.setOnAction(e -> model.setEnabled(model.selectedProperty().get(), false));
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> model.load());
        Label message = new Label();
        message.setId("groups-message");
        message.setWrapText(true);
        message.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        message.textProperty().bind(model.messageProperty());
        Label coveredTitle = new Label();
        coveredTitle.textProperty().bind(Bindings.createStringBinding(() -> model.selectedProperty().get() == null
                ? "Select a group to see the devices it admitted"
                : "Devices admitted by " + model.selectedProperty().get().enrollmentId() + " ("
                        + Formats.count(model.coveredTotalProperty().get()) + ")", model.selectedProperty(), model.coveredTotalProperty()));
        coveredTitle.getStyleClass().add("section-title");
        TableView<DeviceRow> covered = new TableView<>(model.covered());
        covered.setId("group-devices");
        covered.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        covered.setPlaceholder(new Label(""));
        covered.getColumns().setAll(List.of(
                Tables.column("Device", DeviceRow::deviceId, 170),
                Tables.styled("State", r -> Formats.stateWords(r.state()), r -> Formats.stateStyle(r.state()), 90),
                Tables.column("Lot", r -> r.lot() == null ? "" : r.lot(), 100)));
        VBox.setVgrow(covered, Priority.ALWAYS);
        return new VBox(8, title, hint, table, new HBox(10, enable, disable, refresh), message, coveredTitle, covered);
    }

    static Label message(javafx.beans.value.ObservableStringValue text, javafx.beans.value.ObservableBooleanValue failed) {
        Label l = new Label();
        l.setWrapText(true);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        l.textProperty().bind(text);
        Runnable style = () -> {
            l.getStyleClass().removeAll("refused", "notice");
            l.getStyleClass().add(failed.get() ? "refused" : "notice");
        };
        failed.addListener((o, a, b) -> style.run());
        style.run();
        return l;
    }
}
