package io.edgeprov.tests.e2e;

import io.edgeprov.ui.client.mqtt.MqttAdminConnector;
import io.edgeprov.ui.view.Console;
import io.edgeprov.ui.viewmodel.FxUiThread;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * The real console in a real window (GTK glass on a display, e.g. Xvfb), driven from the calling thread:
 * for the screenshots, where a robot is not needed but real rendering is.
 */
final class ConsoleWindow implements AutoCloseable {
    private final ExecutorService background = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private Console console;
    private Stage stage;

    static ConsoleWindow open(int width, int height) throws Exception {
        ConsoleWindow window = new ConsoleWindow();
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        window.onFx(() -> {
            window.console = new Console(new MqttAdminConnector(), window.background, window.timer, new FxUiThread(), Clock.systemUTC());
            Scene scene = new Scene(window.console.root(), width, height);
            Console.style(scene);
            window.stage = new Stage();
            window.stage.setTitle("Edge Provisioner console");
            window.stage.setScene(scene);
            window.stage.show();
            return null;
        });
        return window;
    }

    Console console() {
        return console;
    }

    <T> T onFx(Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    void onFx(Runnable work) throws Exception {
        onFx(() -> {
            work.run();
            return null;
        });
    }

    /** Polls {@code condition} on the FX thread until it holds. */
    void await(String what, Duration timeout, BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (onFx(condition::getAsBoolean)) {
                return;
            }
            CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)).get();
        }
        throw new TimeoutException("the console did not show " + what + " within " + timeout.toSeconds() + " s");
    }

    void connect(String address, Path certificate, String password) throws Exception {
        onFx(() -> {
            console.connect().addressProperty().set(address);
            console.connect().certificateFileProperty().set(certificate.toString());
            console.connect().connect(password);
        });
        await("the main view", Duration.ofSeconds(30), () -> console.main() != null);
    }

    void disconnect() throws Exception {
        onFx(() -> ((javafx.scene.control.Button) console.main().lookup("#disconnect")).fire());
        await("the connect screen", Duration.ofSeconds(30), () -> console.main() == null);
    }

    /** Lets layout, charts and pending replies settle, then writes the scene as a PNG. */
    void snapshot(Path png) throws Exception {
        CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS)).get();
        WritableImage image = onFx(() -> stage.getScene().snapshot(null));
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Files.createDirectories(png.getParent());
        ImageIO.write(out, "png", png.toFile());
    }

    @Override
    public void close() throws Exception {
        try {
            onFx(() -> {
                console.close();
                stage.close();
            });
        } finally {
            background.shutdownNow();
            timer.shutdownNow();
            Platform.exit();
        }
    }
}
