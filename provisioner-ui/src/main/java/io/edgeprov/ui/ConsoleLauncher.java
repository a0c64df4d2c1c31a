package io.edgeprov.ui;

import javafx.application.Application;

/**
 * The console's main class. A plain class (not an {@link Application}) so the console starts from the
 * class path without the JavaFX module launcher. Arguments prefill the connect screen; a password is
 * never taken from the command line:
 * <pre>
 *   --gateway host:port      the gateway's MQTT TLS listener (default localhost:8883)
 *   --certificate FILE       the operator's PKCS#12 file
 * </pre>
 */
public final class ConsoleLauncher {
    private ConsoleLauncher() {
    }

    public static void main(String[] args) {
        Application.launch(ConsoleApp.class, args);
    }
}
