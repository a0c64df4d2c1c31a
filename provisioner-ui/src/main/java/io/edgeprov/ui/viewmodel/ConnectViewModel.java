package io.edgeprov.ui.viewmodel;

import io.edgeprov.ui.client.AdminClient;
import io.edgeprov.ui.client.AdminConnector;
import io.edgeprov.ui.client.ConnectFailure;
import io.edgeprov.ui.client.GatewayAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The connect screen: gateway address, certificate file, and a password that is never held here. The
 * view hands the password field's characters to {@link #connect(CharSequence)}; they are copied to a
 * char[] for the connector and wiped when it returns.
 */
public final class ConnectViewModel {
    private final AdminConnector connector;
    private final Executor background;
    private final UiThread ui;

    private final StringProperty address = new SimpleStringProperty("localhost:" + GatewayAddress.DEFAULT_PORT);
    private final StringProperty certificateFile = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final StringProperty errorTitle = new SimpleStringProperty("");
    private final StringProperty errorText = new SimpleStringProperty("");
    private final ObjectProperty<ConnectFailure.Cause> failure = new SimpleObjectProperty<>();
    private final ObjectProperty<AdminClient> session = new SimpleObjectProperty<>();
    private final BooleanBinding canConnect;

    public ConnectViewModel(AdminConnector connector, Executor background, UiThread ui) {
        this.connector = Objects.requireNonNull(connector);
        this.background = Objects.requireNonNull(background);
        this.ui = Objects.requireNonNull(ui);
        this.canConnect = Bindings.createBooleanBinding(
                () -> !busy.get() && GatewayAddress.parse(address.get()).isPresent() && !certificateFile.get().isBlank(),
                busy, address, certificateFile);
    }

    /** Starts connecting; the outcome arrives as {@link #sessionProperty()} or {@link #failureProperty()}. */
    public void connect(CharSequence passwordField) {
        Optional<GatewayAddress> parsed = GatewayAddress.parse(address.get());
        if (parsed.isEmpty()) {
            fail(new ConnectFailure(ConnectFailure.Cause.BAD_ADDRESS, null));
            return;
        }
        if (certificateFile.get().isBlank()) {
            fail(new ConnectFailure(ConnectFailure.Cause.NO_CERTIFICATE_FILE, null));
            return;
        }
        char[] password = new char[passwordField.length()];
        for (int i = 0; i < password.length; i++) {
            password[i] = passwordField.charAt(i);
        }
        GatewayAddress target = parsed.get();
        Path file = Path.of(certificateFile.get().trim());
        busy.set(true);
        failure.set(null);
        errorTitle.set("");
        errorText.set("");
        try {
            background.execute(() -> {
                try {
                    AdminClient client = connector.connect(target, file, password);
                    ui.run(() -> {
                        busy.set(false);
                        session.set(client);
                    });
                } catch (ConnectFailure f) {
                    ui.run(() -> fail(f));
                } catch (RuntimeException e) {
                    ConnectFailure f = new ConnectFailure(ConnectFailure.Cause.FAILED, e.getClass().getSimpleName(), e);
                    ui.run(() -> fail(f));
                } finally {
                    Arrays.fill(password, '\0');
                }
            });
        } catch (RuntimeException rejected) {
            Arrays.fill(password, '\0');
            fail(new ConnectFailure(ConnectFailure.Cause.FAILED, "the console is shutting down"));
        }
    }

    private void fail(ConnectFailure f) {
        busy.set(false);
        failure.set(f.reason());
        errorTitle.set(f.reason().title());
        errorText.set(f.getMessage().substring(f.reason().title().length() + 2));
    }

    /** After a session ends (disconnect, gateway gone), the screen is ready to connect again. */
    public void disconnected(String why) {
        session.set(null);
        errorTitle.set(why == null ? "" : "Disconnected");
        errorText.set(why == null ? "" : why);
    }

    public StringProperty addressProperty() {
        return address;
    }

    public StringProperty certificateFileProperty() {
        return certificateFile;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public BooleanBinding canConnectBinding() {
        return canConnect;
    }

    public ReadOnlyStringProperty errorTitleProperty() {
        return errorTitle;
    }

    public ReadOnlyStringProperty errorTextProperty() {
        return errorText;
    }

    public ReadOnlyObjectProperty<ConnectFailure.Cause> failureProperty() {
        return failure;
    }

    public ReadOnlyObjectProperty<AdminClient> sessionProperty() {
        return session;
    }
}
