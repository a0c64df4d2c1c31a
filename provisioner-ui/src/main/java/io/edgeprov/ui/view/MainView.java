package io.edgeprov.ui.view;

import io.edgeprov.contracts.admin.AdminReply.WhoAmIReply;
import io.edgeprov.ui.viewmodel.SessionViewModels;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** A header naming who is connected where, and one tab per screen. */
public final class MainView extends BorderPane {
    private final TabPane tabs = new TabPane();
    private final SessionViewModels session;
    private final Tab fleetTab;
    private final Tab revocationTab;
    private final Tab detailTab;

    public MainView(SessionViewModels session, Clock clock, Runnable disconnect) {
        this.session = session;
        WhoAmIReply who = session.client().identity();
        Label brand = new Label("Edge Provisioner");
        brand.getStyleClass().add("brand");
        Label identity = new Label(who == null ? "" : who.operatorId() + " · " + who.role().name().toLowerCase(Locale.ROOT)
                + " · " + session.client().gatewayDescription());
        identity.setId("identity");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button leave = new Button("Disconnect");
        leave.setId("disconnect");
        leave.setOnAction(e -> disconnect.run());
        HBox header = new HBox(14, brand, identity, new BreakGlassControl(session.breakGlass()), spacer, leave);
        header.getStyleClass().add("header");
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(8, 14, 8, 14));
        setTop(header);

        RevocationView revocation = new RevocationView(session.revocation());
        revocationTab = tab("Revocation", "tab-revocation", revocation);
        detailTab = tab("Device", "tab-device", new DeviceDetailView(session.detail(), clock));
        FleetView fleet = new FleetView(session.fleet(), clock, ids -> {
            session.revocation().targetSelection(ids);
            tabs.getSelectionModel().select(revocationTab);
        }, () -> {
            session.revocation().targetSearch(session.fleet().activeFilter());
            tabs.getSelectionModel().select(revocationTab);
        }, id -> {
            session.detail().open(id);
            tabs.getSelectionModel().select(detailTab);
        });
        fleetTab = tab("Fleet", "tab-fleet", fleet);
        Tab dashboard = tab("Dashboard", "tab-dashboard", new DashboardView(session.dashboard()));
        Tab onboarding = tab("Onboarding", "tab-onboarding", new OnboardingView(session.onboarding(), session.groups()));
        Tab pending = tab("Pending", "tab-pending", new PendingView(session.pending(), clock));
        pending.textProperty().bind(session.pending().totalProperty().asString("Pending (%d)"));
        Tab audit = tab("Audit", "tab-audit", new AuditView(session.audit()));
        tabs.getTabs().setAll(List.of(dashboard, fleetTab, onboarding, pending, revocationTab, detailTab, audit));
        tabs.getSelectionModel().select(fleetTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("tabs");
        setCenter(tabs);
    }

    private static Tab tab(String title, String id, Node content) {
        Tab t = new Tab(title, content);
        t.setId(id);
        return t;
    }

    /** Shows the tab with this id ({@code tab-fleet}, {@code tab-audit}, ...). */
    public void show(String tabId) {
        tabs.getTabs().stream().filter(t -> tabId.equals(t.getId())).findFirst().ifPresent(tabs.getSelectionModel()::select);
    }

    /** The view models behind this view (tests and the screenshot tool drive them). */
    public SessionViewModels session() {
        return session;
    }

    public TabPane tabs() {
        return tabs;
    }
}
