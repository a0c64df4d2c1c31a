package io.edgeprov.ui.view;

import io.edgeprov.contracts.admin.AdminData.Alert;
import io.edgeprov.contracts.admin.AdminData.AlertKind;
import io.edgeprov.contracts.admin.AdminData.CauseCount;
import io.edgeprov.contracts.admin.AdminData.DashboardStats;
import io.edgeprov.contracts.admin.AdminData.RateBucket;
import io.edgeprov.ui.viewmodel.DashboardViewModel;
import io.edgeprov.ui.viewmodel.Formats;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Issuance and renewal rate, refusals by cause, expiring certificates, outbox and sync lag, alerts. */
public final class DashboardView extends VBox {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());
    private final Label devices = value("dash-devices");
    private final Label hour = value("dash-expiring-hour");
    private final Label day = value("dash-expiring-day");
    private final Label outbox = value("dash-outbox");
    private final Label lag = value("dash-sync-lag");
    private final XYChart.Series<String, Number> issued = new XYChart.Series<>();
    private final XYChart.Series<String, Number> renewed = new XYChart.Series<>();
    private final XYChart.Series<String, Number> refusals = new XYChart.Series<>();

    public DashboardView(DashboardViewModel model) {
        super(12);
        getStyleClass().add("screen");
        setPadding(new Insets(12));
        HBox tiles = new HBox(12, tile(devices, "devices"), tile(hour, "certificates expiring within 1 hour"),
                tile(day, "certificates expiring within 1 day"), tile(outbox, "events waiting in the outbox"),
                tile(lag, "upstream sync lag"));

        issued.setName("issued");
        renewed.setName("renewed");
        CategoryAxis minutes = new CategoryAxis();
        minutes.setLabel("minute");
        NumberAxis perMinute = new NumberAxis();
        perMinute.setLabel("certificates per minute");
        LineChart<String, Number> rate = new LineChart<>(minutes, perMinute);
        rate.setId("dash-rate");
        rate.setTitle("Issuance and renewal, last hour");
        rate.setAnimated(false);
        rate.setCreateSymbols(false);
        rate.getData().addAll(java.util.List.of(issued, renewed));

        refusals.setName("refusals");
        CategoryAxis causes = new CategoryAxis();
        NumberAxis counts = new NumberAxis();
        counts.setLabel("refusals");
        BarChart<String, Number> byCause = new BarChart<>(causes, counts);
        byCause.setId("dash-refusals");
        byCause.setTitle("Refusals by cause, last hour");
        byCause.setAnimated(false);
        byCause.setLegendVisible(false);
        byCause.getData().add(refusals);

        GridPane charts = new GridPane();
        charts.setHgap(12);
        charts.add(rate, 0, 0);
        charts.add(byCause, 1, 0);
        javafx.scene.layout.ColumnConstraints half = new javafx.scene.layout.ColumnConstraints();
        half.setPercentWidth(50);
        charts.getColumnConstraints().addAll(half, half);
        VBox.setVgrow(charts, Priority.ALWAYS);

        Label alertsTitle = new Label("Active alerts");
        alertsTitle.getStyleClass().add("section-title");
        ListView<Alert> alerts = new ListView<>(model.alerts());
        alerts.setId("dash-alerts");
        alerts.setPrefHeight(130);
        alerts.setPlaceholder(new Label("No active alert"));
        alerts.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Alert a, boolean empty) {
                super.updateItem(a, empty);
                getStyleClass().remove("alert-row");
                if (empty || a == null) {
                    setText(null);
                    return;
                }
                setText(kind(a.kind()) + " · since " + Formats.stamp(a.raisedAt()) + " · " + a.summary());
                getStyleClass().add("alert-row");
            }
        });
        Label message = new Label();
        message.getStyleClass().add("refused");
        message.textProperty().bind(model.messageProperty());
        getChildren().addAll(tiles, charts, alertsTitle, alerts, message);
        model.statsProperty().addListener((o, a, s) -> show(s));
        if (model.statsProperty().get() != null) {
            show(model.statsProperty().get());
        }
    }

    private void show(DashboardStats s) {
        if (s == null) {
            return;
        }
        devices.setText(Formats.count(s.devices()));
        hour.setText(Formats.count(s.expiringWithinHour()));
        day.setText(Formats.count(s.expiringWithinDay()));
        outbox.setText(Formats.count(s.outboxDepth()));
        lag.setText(s.syncLagSeconds() == null ? "none" : Formats.span(java.time.Duration.ofSeconds(s.syncLagSeconds())));
        issued.getData().clear();
        renewed.getData().clear();
        for (RateBucket b : s.rate()) {
            String label = MINUTE.format(b.start());
            issued.getData().add(new XYChart.Data<>(label, b.issued()));
            renewed.getData().add(new XYChart.Data<>(label, b.renewed()));
        }
        refusals.getData().clear();
        for (CauseCount c : s.refusals()) {
            refusals.getData().add(new XYChart.Data<>(c.cause(), c.count()));
        }
    }

    private static String kind(AlertKind kind) {
        return switch (kind) {
            case BREAK_GLASS -> "Break-glass";
            case ATTESTATION_FAILURE_BURST -> "Attestation failure burst";
            case SYNC_LAG -> "Sync lag";
        };
    }

    private static Label value(String id) {
        Label l = new Label("—");
        l.setId(id);
        l.getStyleClass().add("tile-value");
        return l;
    }

    private static VBox tile(Label value, String caption) {
        Label c = new Label(caption);
        c.getStyleClass().add("tile-label");
        c.setWrapText(true);
        c.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox box = new VBox(2, value, c);
        box.getStyleClass().add("tile");
        box.setPrefWidth(220);
        HBox.setHgrow(box, Priority.ALWAYS);
        return box;
    }
}
