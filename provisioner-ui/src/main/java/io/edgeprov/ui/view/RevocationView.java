package io.edgeprov.ui.view;

import io.edgeprov.contracts.admin.AdminData.TargetKind;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.ui.viewmodel.RevocationViewModel;
import io.edgeprov.ui.viewmodel.RevocationViewModel.Step;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Target, reason, preview from the gateway, confirmation naming the count, progress and result. */
public final class RevocationView extends VBox {
    public RevocationView(RevocationViewModel model) {
        super(12);
        getStyleClass().add("screen");
        Label title = new Label("Revoke devices");
        title.getStyleClass().add("section-title");
        Label intro = new Label("A revoked device is cut off from the gateway at once and cannot enroll again. "
                + "Pick devices in the fleet view (a selection or a whole search result), or name devices or a lot here.");
        intro.setWrapText(true);
        intro.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        intro.getStyleClass().add("muted");

        ToggleGroup kinds = new ToggleGroup();
        RadioButton device = radio("Devices", TargetKind.DEVICE, kinds, "target-devices");
        RadioButton lot = radio("Lot", TargetKind.LOT, kinds, "target-lot");
        RadioButton search = radio("Fleet search result", TargetKind.SEARCH, kinds, "target-search");
        kinds.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null && model.kindProperty().get() != b.getUserData()
                    && !(b.getUserData() == TargetKind.DEVICE && model.kindProperty().get() == TargetKind.LIST)) {
                model.kindProperty().set((TargetKind) b.getUserData());
                model.reset();
            }
        });
        model.kindProperty().addListener((o, a, b) -> select(kinds, b));
        select(kinds, model.kindProperty().get());

        TextField ids = new TextField();
        ids.setId("revoke-devices");
        ids.setPromptText("device ids, separated by commas or spaces");
        ids.textProperty().bindBidirectional(model.deviceIdsProperty());
        ids.disableProperty().bind(Bindings.createBooleanBinding(() -> model.kindProperty().get() != TargetKind.DEVICE
                && model.kindProperty().get() != TargetKind.LIST, model.kindProperty()));
        TextField lotName = new TextField();
        lotName.setId("revoke-lot");
        lotName.setPromptText("lot name, e.g. L-2026-11");
        lotName.textProperty().bindBidirectional(model.lotProperty());
        lotName.disableProperty().bind(model.kindProperty().isNotEqualTo(TargetKind.LOT));
        Label searchText = new Label();
        searchText.setId("revoke-search-text");
        searchText.textProperty().bind(Bindings.createStringBinding(() -> model.searchProperty().get() == null
                ? "(use “Revoke search result…” in the fleet view)"
                : "text “" + (model.searchProperty().get().text() == null ? "" : model.searchProperty().get().text())
                        + "”, states " + (model.searchProperty().get().states().isEmpty() ? "all" : model.searchProperty().get().states()),
                model.searchProperty()));

        ComboBox<RevocationReason> reason = new ComboBox<>();
        reason.setId("revoke-reason");
        reason.getItems().addAll(RevocationReason.KEY_COMPROMISE, RevocationReason.AFFILIATION_CHANGED,
                RevocationReason.SUPERSEDED, RevocationReason.CESSATION_OF_OPERATION, RevocationReason.PRIVILEGE_WITHDRAWN,
                RevocationReason.UNSPECIFIED);
        reason.setCellFactory(v -> reasonCell());
        reason.setButtonCell(reasonCell());
        reason.valueProperty().bindBidirectional(model.reasonProperty());
        TextArea note = new TextArea();
        note.setId("revoke-note");
        note.setPromptText("why (kept in the audit trail)");
        note.setPrefRowCount(2);
        note.textProperty().bindBidirectional(model.noteProperty());

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.getColumnConstraints().addAll(new ColumnConstraints(170), new ColumnConstraints(480));
        form.addRow(0, device, ids);
        form.addRow(1, lot, lotName);
        form.addRow(2, search, searchText);
        form.addRow(3, new Label("Reason"), reason);
        form.addRow(4, new Label("Note"), note);

        Button preview = new Button("Preview");
        preview.setId("revoke-preview");
        preview.getStyleClass().add("primary");
        preview.disableProperty().bind(model.stepProperty().isEqualTo(Step.PREVIEWING).or(model.stepProperty().isEqualTo(Step.REVOKING)));
        preview.setOnAction(e -> model.preview());

        Label confirmation = new Label();
        confirmation.setId("revoke-confirmation");
        confirmation.setWrapText(true);
        confirmation.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        confirmation.getStyleClass().add("section-title");
        confirmation.textProperty().bind(model.confirmationProperty());
        Button confirm = new Button();
        confirm.setId("revoke-confirm");
        confirm.getStyleClass().add("danger");
        confirm.textProperty().bind(Bindings.createStringBinding(() -> model.previewProperty().get() == null ? "Revoke"
                : "Revoke " + String.format("%,d", model.previewProperty().get().devices())
                        + (model.previewProperty().get().devices() == 1 ? " device" : " devices"), model.previewProperty()));
        confirm.setOnAction(e -> model.confirm());
        confirm.disableProperty().bind(Bindings.createBooleanBinding(() -> model.previewProperty().get() == null
                || model.previewProperty().get().devices() == 0, model.previewProperty()));
        Button cancel = new Button("Cancel");
        cancel.setId("revoke-cancel");
        cancel.setOnAction(e -> model.reset());
        HBox confirmRow = new HBox(10, confirm, cancel);
        VBox confirmBox = new VBox(8, confirmation, confirmRow);
        confirmBox.getStyleClass().add("error-box");
        confirmBox.visibleProperty().bind(model.stepProperty().isEqualTo(Step.CONFIRMING));
        confirmBox.managedProperty().bind(confirmBox.visibleProperty());

        ProgressBar progress = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        progress.setId("revoke-progress");
        progress.setPrefWidth(300);
        progress.visibleProperty().bind(model.stepProperty().isEqualTo(Step.REVOKING).or(model.stepProperty().isEqualTo(Step.PREVIEWING)));
        progress.managedProperty().bind(progress.visibleProperty());
        Label message = new Label();
        message.setId("revoke-message");
        message.setWrapText(true);
        message.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        message.textProperty().bind(model.messageProperty());
        model.stepProperty().addListener((o, a, b) -> {
            message.getStyleClass().removeAll("refused", "notice");
            message.getStyleClass().add(b == Step.FAILED ? "refused" : "notice");
        });
        HBox actions = new HBox(10, preview, progress);
        actions.setAlignment(Pos.CENTER_LEFT);

        getChildren().addAll(title, intro, form, actions, confirmBox, message);
        setPadding(new Insets(12));
    }

    private static RadioButton radio(String text, TargetKind kind, ToggleGroup group, String id) {
        RadioButton b = new RadioButton(text);
        b.setUserData(kind);
        b.setToggleGroup(group);
        b.setId(id);
        return b;
    }

    private static void select(ToggleGroup group, TargetKind kind) {
        TargetKind shown = kind == TargetKind.LIST ? TargetKind.DEVICE : kind;
        group.getToggles().stream().filter(t -> t.getUserData() == shown).findFirst().ifPresent(group::selectToggle);
    }

    private static ListCell<RevocationReason> reasonCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(RevocationReason r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : switch (r) {
                    case KEY_COMPROMISE -> "Key compromise";
                    case AFFILIATION_CHANGED -> "Affiliation changed";
                    case SUPERSEDED -> "Superseded";
                    case CESSATION_OF_OPERATION -> "Cessation of operation";
                    case PRIVILEGE_WITHDRAWN -> "Privilege withdrawn";
                    default -> "Unspecified";
                });
            }
        };
    }
}
