package io.edgeprov.ui.view;

import io.edgeprov.contracts.admin.AdminData.DeviceRow;
import io.edgeprov.contracts.admin.AdminData.DeviceStatus;
import io.edgeprov.contracts.admin.AdminData.FleetSort;
import io.edgeprov.ui.viewmodel.FleetViewModel;
import io.edgeprov.ui.viewmodel.Formats;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;

/**
 * The fleet: a virtualised table (only visible rows have cells) whose rows come page by page from the
 * gateway, which also sorts and filters. Expiry counts down every second; states are coloured.
 */
public final class FleetView extends BorderPane {
    private final FleetViewModel model;
    private final TableView<DeviceRow> table = new TableView<>(null);
    private final ObjectProperty<Instant> now;

    public FleetView(FleetViewModel model, Clock clock, Consumer<List<String>> revokeSelection, Runnable revokeSearch,
            Consumer<String> openDetail) {
        this.model = model;
        this.now = new SimpleObjectProperty<>(clock.instant());
        getStyleClass().add("screen");
        table.setItems(model.rows());
        table.setId("fleet-table");

        TextField search = new TextField();
        search.setId("fleet-search");
        search.setPromptText("Search serial, device id, lot or enrollment group");
        search.setPrefColumnCount(32);
        search.textProperty().bindBidirectional(model.searchProperty());
        // A barcode scanner types fast and ends with Enter; people pause: apply on Enter or after a pause.
        PauseTransition typing = new PauseTransition(Duration.millis(350));
        typing.setOnFinished(e -> model.applyFilter());
        search.textProperty().addListener((o, a, b) -> typing.playFromStart());
        search.setOnAction(e -> {
            typing.stop();
            model.applyFilter();
        });

        ComboBox<DeviceStatus> state = new ComboBox<>();
        state.setId("fleet-state");
        state.getItems().add(null);
        state.getItems().addAll(DeviceStatus.values());
        state.setButtonCell(stateCell());
        state.setCellFactory(v -> stateCell());
        state.valueProperty().bindBidirectional(model.stateFilterProperty());
        state.valueProperty().addListener((o, a, b) -> model.applyFilter());

        Button refresh = new Button("Refresh");
        refresh.setId("fleet-refresh");
        refresh.setOnAction(e -> model.applyFilter());
        Button details = new Button("Details…");
        details.setId("fleet-details");
        details.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        details.setOnAction(e -> openDetail.accept(table.getSelectionModel().getSelectedItem().deviceId()));
        Button revokeSelected = new Button("Revoke selected…");
        revokeSelected.setId("fleet-revoke-selected");
        revokeSelected.getStyleClass().add("danger");
        revokeSelected.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        revokeSelected.setOnAction(e -> revokeSelection.accept(
                table.getSelectionModel().getSelectedItems().stream().map(DeviceRow::deviceId).toList()));
        Button revokeResult = new Button("Revoke search result…");
        revokeResult.setId("fleet-revoke-search");
        revokeResult.getStyleClass().add("danger");
        revokeResult.setOnAction(e -> revokeSearch.run());
        revokeResult.setTooltip(new Tooltip("Revoke every device the current search matches on the gateway, not only the loaded rows"));

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, search, new Label("State"), state, refresh, spacer, details, revokeSelected, revokeResult);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(0, 0, 8, 0));
        setTop(bar);

        buildColumns();
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No devices match"));
        table.setRowFactory(t -> {
            TableRow<DeviceRow> row = new TableRow<>() {
                @Override
                public void updateIndex(int i) {
                    super.updateIndex(i);
                    if (i >= 0 && i < table.getItems().size()) {
                        model.shown(i);
                    }
                }
            };
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && row.getItem() != null) {
                    openDetail.accept(row.getItem().deviceId());
                }
            });
            return row;
        });
        table.setSortPolicy(t -> {
            FleetSort wanted = FleetSort.DEVICE_ID;
            boolean descending = false;
            if (!t.getSortOrder().isEmpty()) {
                TableColumn<DeviceRow, ?> first = t.getSortOrder().get(0);
                wanted = (FleetSort) first.getUserData();
                descending = first.getSortType() == TableColumn.SortType.DESCENDING;
            }
            if (wanted != model.sortProperty().get() || descending != model.descendingProperty().get()) {
                model.sortBy(wanted, descending);
            }
            return true;
        });
        setCenter(table);

        Label status = new Label();
        status.setId("fleet-status");
        status.textProperty().bind(model.statusProperty());
        Label error = new Label();
        error.setId("fleet-error");
        error.getStyleClass().add("refused");
        error.textProperty().bind(model.errorProperty());
        Label live = new Label();
        live.getStyleClass().add("muted");
        live.textProperty().bind(model.liveUpdatesProperty().asString("live changes received: %,d"));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox footer = new HBox(12, status, error, gap, live);
        footer.setPadding(new Insets(6, 0, 0, 0));
        setBottom(footer);

        Timeline tick = new Timeline(new KeyFrame(Duration.seconds(1), e -> now.set(clock.instant())));
        tick.setCycleCount(Timeline.INDEFINITE);
        tick.play();
    }

    private void buildColumns() {
        TableColumn<DeviceRow, String> id = text("Device", DeviceRow::deviceId, 130);
        id.setUserData(FleetSort.DEVICE_ID);
        TableColumn<DeviceRow, DeviceRow> state = new TableColumn<>("State");
        state.setUserData(FleetSort.STATE);
        state.setPrefWidth(80);
        state.setCellValueFactory(c -> new SimpleObjectProperty<>(c.getValue()));
        state.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(DeviceRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeIf(s -> s.startsWith("state-"));
                if (empty || row == null) {
                    setText(null);
                    return;
                }
                setText(Formats.stateWords(row.state()));
                getStyleClass().add(Formats.stateStyle(row.state()));
            }
        });
        TableColumn<DeviceRow, String> lot = text("Lot", r -> r.lot() == null ? "" : r.lot(), 90);
        TableColumn<DeviceRow, String> enrollment = text("Enrollment", r -> r.enrollmentId() == null ? "" : r.enrollmentId(), 165);
        TableColumn<DeviceRow, DeviceRow> seen = ticking("Last seen", r -> Formats.ago(now.get(), r.lastSeen()), r -> "", 95);
        seen.setUserData(FleetSort.LAST_SEEN);
        TableColumn<DeviceRow, DeviceRow> expiry = ticking("Certificate expires",
                r -> r.state() == DeviceStatus.REVOKED && r.certificateNotAfter() == null ? "—"
                        : Formats.countdown(now.get(), r.certificateNotAfter()),
                r -> r.state() == DeviceStatus.REVOKED ? "" : Formats.expiryStyle(now.get(), r.certificateNotAfter()), 140);
        expiry.setUserData(FleetSort.CERTIFICATE_EXPIRY);
        TableColumn<DeviceRow, String> renewals = text("Renewals", r -> Integer.toString(r.renewalCount()), 80);
        TableColumn<DeviceRow, DeviceRow> failures = ticking("Refused 24 h", r -> Integer.toString(r.refusals24h()),
                r -> r.refusals24h() > 0 ? "failures" : "", 95);
        TableColumn<DeviceRow, String> last = text("Last refusal", r -> r.lastRefusalCode() == null ? ""
                : r.lastRefusalCode() + ": " + Formats.refusalWords(r.lastRefusalCode()), 320);
        for (TableColumn<DeviceRow, ?> c : List.of(lot, enrollment, renewals, failures, last)) {
            c.setSortable(false);
        }
        table.getColumns().setAll(List.of(id, state, lot, enrollment, seen, expiry, renewals, failures, last));
    }

    private static TableColumn<DeviceRow, String> text(String title, Function<DeviceRow, String> value, double width) {
        TableColumn<DeviceRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new SimpleStringProperty(value.apply(d.getValue())));
        return c;
    }

    /** A column that re-reads its row every second (countdowns, "ago") and carries a style class. */
    private TableColumn<DeviceRow, DeviceRow> ticking(String title, Function<DeviceRow, String> text,
            Function<DeviceRow, String> style, double width) {
        TableColumn<DeviceRow, DeviceRow> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new SimpleObjectProperty<>(d.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            private String applied = "";

            {
                now.addListener((o, a, b) -> render(getItem(), isEmpty()));
            }

            @Override
            protected void updateItem(DeviceRow row, boolean empty) {
                super.updateItem(row, empty);
                render(row, empty);
            }

            private void render(DeviceRow row, boolean empty) {
                if (!applied.isEmpty()) {
                    getStyleClass().remove(applied);
                    applied = "";
                }
                if (empty || row == null) {
                    setText(null);
                    return;
                }
                setText(text.apply(row));
                String s = style.apply(row);
                if (!s.isEmpty()) {
                    getStyleClass().add(s);
                    applied = s;
                }
            }
        });
        return c;
    }

    private static ListCell<DeviceStatus> stateCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(DeviceStatus s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s == null ? "All states" : Formats.stateWords(s));
            }
        };
    }

    public TableView<DeviceRow> table() {
        return table;
    }

    public FleetViewModel model() {
        return model;
    }
}
