package io.edgeprov.ui.view;

import io.edgeprov.contracts.admin.AdminData.PendingRow;
import io.edgeprov.ui.viewmodel.Formats;
import io.edgeprov.ui.viewmodel.PendingViewModel;
import java.time.Clock;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Devices waiting for a technician: why each waits, in words, and approve or reject. */
public final class PendingView extends BorderPane {
    public PendingView(PendingViewModel model, Clock clock) {
        getStyleClass().add("screen");
        Label title = new Label();
        title.getStyleClass().add("section-title");
        title.textProperty().bind(model.totalProperty().asString("Pending queue (%d waiting)"));
        Label hint = new Label("A genuine TPM that no enrollment covers waits here instead of being refused outright; "
                + "it retries and enrolls once approved.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        hint.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        TableView<PendingRow> table = new TableView<>(model.rows());
        table.setId("pending-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Nothing waits for approval"));
        table.getColumns().setAll(List.of(
                Tables.column("Device", PendingRow::deviceId, 120),
                Tables.column("EK chains to", PendingRow::manufacturerRoot, 130),
                Tables.column("Tries", p -> Long.toString(p.attempts()), 55),
                Tables.column("First seen", p -> Formats.ago(clock.instant(), p.firstSeen()), 85),
                Tables.column("Last seen", p -> Formats.ago(clock.instant(), p.lastSeen()), 85),
                Tables.column("EK SHA-256", PendingRow::ekSha256, 150),
                Tables.column("Why it waits", PendingViewModel::why, 560)));
        TextField note = new TextField();
        note.setId("pending-note");
        note.setPromptText("note for the audit trail (optional)");
        note.setPrefColumnCount(30);
        note.textProperty().bindBidirectional(model.noteProperty());
        Button approve = new Button("Approve");
        approve.setId("pending-approve");
        approve.getStyleClass().add("primary");
        approve.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        approve.setOnAction(e -> model.approve(table.getSelectionModel().getSelectedItem()));
        Button reject = new Button("Reject");
        reject.setId("pending-reject");
        reject.getStyleClass().add("danger");
        reject.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        reject.setOnAction(e -> model.reject(table.getSelectionModel().getSelectedItem()));
        Button refresh = new Button("Refresh");
        refresh.setId("pending-refresh");
        refresh.setOnAction(e -> model.load());
        Label message = OnboardingView.message(model.messageProperty(), model.failedProperty());
        message.setId("pending-message");
        HBox actions = new HBox(10, note, approve, reject, refresh);
        actions.setAlignment(Pos.CENTER_LEFT);
        setTop(new VBox(6, title, hint));
        setCenter(table);
        VBox bottom = new VBox(8, actions, message);
        bottom.setPadding(new Insets(8, 0, 0, 0));
        setBottom(bottom);
        BorderPane.setMargin(table, new Insets(8, 0, 0, 0));
    }
}
