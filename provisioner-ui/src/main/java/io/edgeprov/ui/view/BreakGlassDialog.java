package io.edgeprov.ui.view;

import io.edgeprov.contracts.admin.AdminRequest.BreakGlassTake;
import io.edgeprov.ui.viewmodel.BreakGlassViewModel;
import io.edgeprov.ui.viewmodel.BreakGlassViewModel.Length;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The small window that takes break-glass: the written reason (required; it goes into the audit trail),
 * the length, and the gateway's refusal in words. It closes when the gateway grants it.
 */
final class BreakGlassDialog {
    private BreakGlassDialog() {
    }

    static Stage open(Window owner, BreakGlassViewModel model) {
        model.clearMessage();
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Break glass");

        Label title = new Label("Take break-glass rights");
        title.getStyleClass().add("section-title");
        Label intro = new Label("Adds the technician's onboard and approve rights for a bounded time. Taking it raises an alert on "
                + "every console and is audited with your reason; it ends by itself.");
        intro.setWrapText(true);
        intro.getStyleClass().add("muted");
        TextArea reason = new TextArea();
        reason.setId("break-glass-reason");
        reason.setPromptText("Why (at least " + BreakGlassTake.MIN_REASON + " characters), e.g. night shift: replacement for dev-0042");
        reason.setPrefRowCount(3);
        reason.setWrapText(true);
        reason.textProperty().bindBidirectional(model.reasonProperty());
        ComboBox<Length> length = new ComboBox<>();
        length.setId("break-glass-length");
        length.getItems().setAll(Length.values());
        length.valueProperty().bindBidirectional(model.lengthProperty());
        Label message = new Label();
        message.setId("break-glass-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        model.failedProperty().addListener((o, was, is) -> {
            message.getStyleClass().removeAll("refused", "notice");
            message.getStyleClass().add(is ? "refused" : "notice");
        });
        Button take = new Button("Take break-glass");
        take.setId("break-glass-take");
        take.getStyleClass().add("danger");
        take.disableProperty().bind(model.busyProperty());
        take.setOnAction(e -> model.take());
        Button cancel = new Button("Cancel");
        cancel.setId("break-glass-cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> stage.close());
        HBox buttons = new HBox(8, cancel, take);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox content = new VBox(10, title, intro, new Label("Reason"), reason, new HBox(8, new Label("For"), length), message, buttons);
        content.setPadding(new Insets(14));
        content.setPrefWidth(460);

        // Granted: the header's badge takes over. The listener goes with the window.
        ChangeListener<Boolean> granted = (o, was, is) -> {
            if (is) {
                stage.close();
            }
        };
        model.activeProperty().addListener(granted);
        stage.setOnHidden(e -> {
            model.activeProperty().removeListener(granted);
            reason.textProperty().unbindBidirectional(model.reasonProperty());
            length.valueProperty().unbindBidirectional(model.lengthProperty());
        });
        Scene scene = new Scene(content);
        Console.style(scene);
        stage.setScene(scene);
        stage.show();
        return stage;
    }
}
