package io.edgeprov.ui.view;

import io.edgeprov.contracts.admin.AdminData.AuditRow;
import io.edgeprov.ui.viewmodel.AuditViewModel;
import io.edgeprov.ui.viewmodel.Formats;
import java.util.List;
import java.util.stream.Collectors;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Who did what: filter by actor, action, device and time; the hash chain's verification status. */
public final class AuditView extends BorderPane {
    public AuditView(AuditViewModel model) {
        getStyleClass().add("screen");
        TextField actor = field("audit-actor", "actor, e.g. operator:alice", model.actorProperty(), 16);
        TextField action = field("audit-action", "action, e.g. REVOKE", model.actionProperty(), 12);
        TextField device = field("audit-device", "device", model.deviceProperty(), 12);
        DatePicker from = new DatePicker();
        from.setId("audit-from");
        from.setPromptText("from");
        from.setPrefWidth(130);
        from.valueProperty().bindBidirectional(model.fromProperty());
        DatePicker to = new DatePicker();
        to.setId("audit-to");
        to.setPromptText("to");
        to.setPrefWidth(130);
        to.valueProperty().bindBidirectional(model.toProperty());
        Button apply = new Button("Filter");
        apply.setId("audit-apply");
        apply.setDefaultButton(false);
        apply.setOnAction(e -> model.applyFilter());
        for (TextField f : List.of(actor, action, device)) {
            f.setOnAction(e -> model.applyFilter());
        }
        Button verify = new Button("Verify chain");
        verify.setId("audit-verify");
        verify.setOnAction(e -> model.verify());
        Label chain = new Label();
        chain.setId("audit-chain");
        chain.textProperty().bind(model.chainProperty());
        model.intactProperty().addListener((o, a, b) -> {
            chain.getStyleClass().removeAll("chain-ok", "chain-broken");
            if (b != null) {
                chain.getStyleClass().add(b ? "chain-ok" : "chain-broken");
            }
        });
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox filters = new HBox(8, actor, action, device, from, to, apply, gap, verify);
        filters.setAlignment(Pos.CENTER_LEFT);
        HBox status = new HBox(8, new Label("Hash chain:"), chain);
        status.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(8, filters, status);
        top.setPadding(new Insets(0, 0, 8, 0));
        setTop(top);

        TableView<AuditRow> table = new TableView<>(model.rows());
        table.setId("audit-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No audit entry matches"));
        table.getColumns().setAll(List.of(
                Tables.column("#", r -> Long.toString(r.sequence()), 60),
                Tables.column("When", r -> Formats.stamp(r.at()), 150),
                Tables.column("Actor", AuditRow::actor, 150),
                Tables.column("Action", AuditRow::action, 150),
                Tables.column("Target", AuditRow::target, 170),
                Tables.styled("Outcome", AuditRow::outcome, r -> switch (r.outcome()) {
                    case "SUCCESS" -> "state-active";
                    case "DENIED" -> "state-revoked";
                    default -> "state-pending";
                }, 80),
                Tables.column("Reason", AuditRow::reason, 200),
                Tables.column("Details", r -> r.details().stream().map(d -> d.key() + "=" + d.value())
                        .collect(Collectors.joining(", ")), 300)));
        table.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            public void updateIndex(int i) {
                super.updateIndex(i);
                if (i >= 0 && i >= t.getItems().size() - 20 && model.moreProperty().get()) {
                    model.loadMore();
                }
            }
        });
        setCenter(table);
        Label message = new Label();
        message.setId("audit-message");
        message.textProperty().bind(model.messageProperty());
        message.setPadding(new Insets(6, 0, 0, 0));
        setBottom(message);
    }

    private static TextField field(String id, String prompt, javafx.beans.property.StringProperty bound, int columns) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(columns);
        f.textProperty().bindBidirectional(bound);
        return f;
    }
}
