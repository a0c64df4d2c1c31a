package io.edgeprov.ui.view;

import io.edgeprov.ui.client.AdminClient;
import io.edgeprov.ui.client.AdminConnector;
import io.edgeprov.ui.viewmodel.ConnectViewModel;
import io.edgeprov.ui.viewmodel.SessionViewModels;
import io.edgeprov.ui.viewmodel.UiThread;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;

/**
 * The console's root: the connect screen until a session opens, then the main view for that session;
 * back to the connect screen (with the reason) when the session ends.
 */
public final class Console implements AutoCloseable {
    /** How long live events are gathered before one update reaches a screen. */
    public static final long COALESCE_MILLIS = 300;

    private final ScheduledExecutorService timer;
    private final UiThread ui;
    private final Clock clock;
    private final StackPane root = new StackPane();
    private final ConnectViewModel connect;
    private final ConnectView connectView;
    private SessionViewModels session;
    private MainView main;

    public Console(AdminConnector connector, Executor background, ScheduledExecutorService timer, UiThread ui, Clock clock) {
        this.timer = Objects.requireNonNull(timer);
        this.ui = Objects.requireNonNull(ui);
        this.clock = Objects.requireNonNull(clock);
        this.connect = new ConnectViewModel(connector, background, ui);
        this.connectView = new ConnectView(connect);
        root.getChildren().setAll(connectView);
        connect.sessionProperty().addListener((o, before, client) -> {
            if (client != null) {
                open(client);
            }
        });
    }

    private void open(AdminClient client) {
        session = new SessionViewModels(client, ui, timer, COALESCE_MILLIS, clock);
        client.onConnectionLost(why -> ui.run(() -> end(why)));
        main = new MainView(session, clock, () -> end(null));
        root.getChildren().setAll(main);
        session.start();
    }

    private void end(String why) {
        if (session != null) {
            session.close();
            session = null;
        }
        main = null;
        connect.disconnected(why);
        root.getChildren().setAll(connectView);
    }

    public StackPane root() {
        return root;
    }

    public ConnectViewModel connect() {
        return connect;
    }

    /** The main view of the open session, or null on the connect screen. */
    public MainView main() {
        return main;
    }

    public static void style(Scene scene) {
        scene.getStylesheets().add(Objects.requireNonNull(Console.class.getResource("console.css")).toExternalForm());
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
