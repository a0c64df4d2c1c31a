package io.edgeprov.ui.viewmodel;

import io.edgeprov.ui.client.AdminRefused;
import io.edgeprov.ui.client.AdminUnavailable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/** Brings a gateway call's outcome to the UI thread, with failures already in words. */
final class Results {
    private Results() {
    }

    /** Applies {@code ok} or {@code failed} on the UI thread when {@code call} completes. */
    static <T> void apply(CompletableFuture<T> call, UiThread ui, Consumer<T> ok, Consumer<Failure> failed) {
        call.whenComplete((value, error) -> ui.run(() -> {
            if (error == null) {
                ok.accept(value);
            } else {
                failed.accept(Failure.of(error));
            }
        }));
    }

    /**
     * A failed call as the console shows it.
     *
     * @param refused whether the gateway refused (as opposed to not answering)
     */
    record Failure(String words, boolean refused, Throwable cause) {
        static Failure of(Throwable error) {
            Throwable e = error;
            while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
                e = e.getCause();
            }
            if (e instanceof AdminRefused refusal) {
                return new Failure(refusal.getMessage(), true, e);
            }
            if (e instanceof AdminUnavailable unavailable) {
                return new Failure("No answer from the gateway: " + unavailable.getMessage(), false, e);
            }
            return new Failure("The console failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), false, e);
        }
    }
}
