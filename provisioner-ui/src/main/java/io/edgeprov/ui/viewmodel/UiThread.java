package io.edgeprov.ui.viewmodel;

/**
 * Where view-model state changes run: the FX application thread in the console, the test's own
 * thread (or a queue the test drains) in view-model tests.
 */
@FunctionalInterface
public interface UiThread {
    void run(Runnable change);

    /** Runs at once on the calling thread: for tests that need no FX toolkit. */
    static UiThread direct() {
        return Runnable::run;
    }
}
