package io.edgeprov.ui.view;

import io.edgeprov.ui.viewmodel.BreakGlassViewModel;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

/**
 * The header's break-glass control: "Break glass…" while none is held; while held, a red
 * "Break-glass until HH:MM" badge with "Release". Taking opens {@link BreakGlassDialog}.
 */
final class BreakGlassControl extends HBox {
    BreakGlassControl(BreakGlassViewModel model) {
        super(8);
        setAlignment(Pos.CENTER_LEFT);
        Button take = new Button("Break glass…");
        take.setId("break-glass-open");
        take.setOnAction(e -> BreakGlassDialog.open(getScene().getWindow(), model));
        take.visibleProperty().bind(model.activeProperty().not());
        take.managedProperty().bind(take.visibleProperty());

        Label badge = new Label();
        badge.setId("break-glass-badge");
        badge.getStyleClass().add("break-glass");
        badge.textProperty().bind(model.badgeProperty());
        Button release = new Button("Release");
        release.setId("break-glass-release");
        release.disableProperty().bind(model.busyProperty());
        release.setOnAction(e -> model.release());
        for (Node n : new Node[] {badge, release}) {
            n.visibleProperty().bind(model.activeProperty());
            n.managedProperty().bind(model.activeProperty());
        }

        // A failed release shows here (the dialog is closed by then); a refused take shows in the dialog.
        Label failure = new Label();
        failure.setId("break-glass-error");
        failure.getStyleClass().add("break-glass");
        failure.textProperty().bind(model.messageProperty());
        failure.visibleProperty().bind(model.failedProperty().and(model.activeProperty()));
        failure.managedProperty().bind(failure.visibleProperty());
        failure.setMaxWidth(420);
        getChildren().addAll(take, badge, release, failure);
    }
}
