package io.edgeprov.ui.viewmodel;

import io.edgeprov.contracts.admin.AdminData.ImportLine;
import io.edgeprov.contracts.admin.AdminReply.BatchImportReply;
import io.edgeprov.ui.client.AdminClient;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
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
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Onboarding by technicians: one device by serial and EK digest (typed, or scanned by a barcode reader
 * that types {@code serial,ekSha256} followed by Enter into the serial field), and a CSV batch that the
 * gateway validates line by line before anything is committed.
 */
public final class OnboardingViewModel {
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern EK = Pattern.compile("[0-9a-f]{64}");

    private final AdminClient client;
    private final UiThread ui;

    private final StringProperty serial = new SimpleStringProperty("");
    private final StringProperty ekSha256 = new SimpleStringProperty("");
    private final StringProperty addMessage = new SimpleStringProperty("");
    private final BooleanProperty addFailed = new SimpleBooleanProperty(false);
    private final BooleanProperty adding = new SimpleBooleanProperty(false);
    private final ObservableList<String> added = FXCollections.observableArrayList();

    private final StringProperty csv = new SimpleStringProperty("");
    private final ObservableList<ImportLine> report = FXCollections.observableArrayList();
    private final StringProperty batchMessage = new SimpleStringProperty("");
    private final BooleanProperty batchFailed = new SimpleBooleanProperty(false);
    private final BooleanProperty batchBusy = new SimpleBooleanProperty(false);
    private final ObjectProperty<BatchImportReply> validated = new SimpleObjectProperty<>();
    private String validatedCsv;
    private final BooleanBinding canCommit;

    public OnboardingViewModel(AdminClient client, UiThread ui) {
        this.client = Objects.requireNonNull(client);
        this.ui = Objects.requireNonNull(ui);
        this.canCommit = Bindings.createBooleanBinding(() -> {
            BatchImportReply r = validated.get();
            return r != null && !r.committed() && r.invalid() == 0 && r.valid() > 0 && !batchBusy.get()
                    && Objects.equals(validatedCsv, csv.get());
        }, validated, csv, batchBusy);
    }

    /**
     * What a scanner (or a person) typed into the serial field, ended by Enter. A combined code
     * ({@code serial,ek}, {@code serial;ek}, tab or space separated) fills both fields and adds the device
     * at once; a bare serial only fills the serial and returns false (the view moves to the EK field).
     */
    public boolean scanned(String text) {
        String t = text == null ? "" : text.strip();
        String[] parts = t.split("[,;\\t ]+");
        if (parts.length == 2 && EK.matcher(normaliseEk(parts[1])).matches()) {
            serial.set(parts[0]);
            ekSha256.set(normaliseEk(parts[1]));
            add();
            return true;
        }
        serial.set(t);
        return false;
    }

    /** Allows one device; the fields are checked here first so a typo never reaches the gateway. */
    public void add() {
        String id = serial.get() == null ? "" : serial.get().strip();
        String ek = normaliseEk(ekSha256.get());
        if (!DEVICE_ID.matcher(id).matches()) {
            report(true, "The serial must be 1 to 64 of A-Z a-z 0-9 . _ - and start with a letter or digit.");
            return;
        }
        if (!EK.matcher(ek).matches()) {
            report(true, "The EK digest must be 64 hexadecimal digits (SHA-256 of the EK public area); it has "
                    + ek.length() + ".");
            return;
        }
        adding.set(true);
        addMessage.set("Allowing " + id + "…");
        addFailed.set(false);
        Results.apply(client.allowDevice(id, ek), ui, reply -> {
            adding.set(false);
            report(false, "Allowed " + id + " (enrollment " + reply.enrollmentId() + "). It enrolls on its next attempt.");
            added.add(0, id);
            serial.set("");
            ekSha256.set("");
        }, failure -> {
            adding.set(false);
            report(true, failure.words());
        });
    }

    private void report(boolean failed, String text) {
        addFailed.set(failed);
        addMessage.set(text);
    }

    /** Lower case, without the spaces or colons a label printer may put between hex pairs. */
    static String normaliseEk(String text) {
        return text == null ? "" : text.replaceAll("[\\s:]", "").toLowerCase(Locale.ROOT);
    }

    /** Asks the gateway for the per-line report; nothing is committed. */
    public void validate() {
        String text = csv.get() == null ? "" : csv.get();
        if (text.isBlank()) {
            batchFailed.set(true);
            batchMessage.set("Open or paste a CSV file first (lines serial,ek_sha256).");
            return;
        }
        run(text, false);
    }

    /** Commits the batch the last validation covered; the gateway commits only when no line is invalid. */
    public void commit() {
        if (!canCommit.get()) {
            return;
        }
        run(validatedCsv, true);
    }

    private void run(String text, boolean commit) {
        batchBusy.set(true);
        batchFailed.set(false);
        batchMessage.set(commit ? "Committing…" : "Validating on the gateway…");
        Results.apply(client.batchImport(text, commit), ui, reply -> {
            batchBusy.set(false);
            report.setAll(reply.lines());
            validatedCsv = text;
            validated.set(reply);
            String counts = reply.valid() + " valid, " + reply.invalid() + " invalid, " + reply.duplicate() + " duplicate";
            if (reply.committed()) {
                batchMessage.set("Committed: " + reply.valid() + " devices allowed (" + counts + ").");
            } else if (reply.invalid() > 0) {
                batchFailed.set(true);
                batchMessage.set(counts + ". Fix the invalid lines and validate again; nothing was committed.");
            } else {
                batchMessage.set(counts + ". Nothing is committed until you press Commit.");
            }
        }, failure -> {
            batchBusy.set(false);
            batchFailed.set(true);
            batchMessage.set(failure.words());
        });
    }

    public StringProperty serialProperty() {
        return serial;
    }

    public StringProperty ekSha256Property() {
        return ekSha256;
    }

    public ReadOnlyStringProperty addMessageProperty() {
        return addMessage;
    }

    public ReadOnlyBooleanProperty addFailedProperty() {
        return addFailed;
    }

    public ReadOnlyBooleanProperty addingProperty() {
        return adding;
    }

    public ObservableList<String> added() {
        return added;
    }

    public StringProperty csvProperty() {
        return csv;
    }

    public ObservableList<ImportLine> report() {
        return report;
    }

    public ReadOnlyStringProperty batchMessageProperty() {
        return batchMessage;
    }

    public ReadOnlyBooleanProperty batchFailedProperty() {
        return batchFailed;
    }

    public ReadOnlyBooleanProperty batchBusyProperty() {
        return batchBusy;
    }

    public BooleanBinding canCommitBinding() {
        return canCommit;
    }

    public ReadOnlyObjectProperty<BatchImportReply> validatedProperty() {
        return validated;
    }
}
