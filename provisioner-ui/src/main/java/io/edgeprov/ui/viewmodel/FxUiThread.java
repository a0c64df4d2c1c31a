package io.edgeprov.ui.viewmodel;

import javafx.application.Platform;

/** The FX application thread: changes made from it run at once, from any other thread later on it. */
public final class FxUiThread implements UiThread {
    @Override
    public void run(Runnable change) {
        if (Platform.isFxApplicationThread()) {
            change.run();
        } else {
            Platform.runLater(change);
        }
    }
}
