package io.edgeprov.ui;

import io.edgeprov.ui.client.mqtt.MqttAdminConnector;
import io.edgeprov.ui.view.Console;
import io.edgeprov.ui.viewmodel.FxUiThread;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** Wires the console: the MQTT admin connector, background threads, the FX thread, the window. */
public final class ConsoleApp extends Application {
    private ExecutorService background;
    private ScheduledExecutorService timer;
    private Console console;

    @Override
    public void start(Stage stage) {
        background = Executors.newCachedThreadPool(daemons("console-io"));
        timer = Executors.newSingleThreadScheduledExecutor(daemons("console-timer"));
        console = new Console(new MqttAdminConnector(), background, timer, new FxUiThread(), Clock.systemUTC());
        List<String> args = getParameters().getRaw();
        for (int i = 0; i + 1 < args.size(); i++) {
            switch (args.get(i)) {
                case "--gateway" -> console.connect().addressProperty().set(args.get(++i));
                case "--certificate" -> console.connect().certificateFileProperty().set(args.get(++i));
                default -> { }
            }
        }
        Scene scene = new Scene(console.root(), 1280, 800);
        Console.style(scene);
        stage.setTitle("Edge Provisioner console");
        stage.setScene(scene);
        stage.show();
    }

    @Override
    public void stop() {
        if (console != null) {
            console.close();
        }
        if (background != null) {
            background.shutdownNow();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
