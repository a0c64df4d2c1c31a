package io.edgeprov.ui.viewmodel;

import io.edgeprov.contracts.admin.AdminData.FleetFilter;
import io.edgeprov.contracts.admin.AdminData.RevocationTarget;
import io.edgeprov.contracts.admin.AdminData.TargetKind;
import io.edgeprov.contracts.admin.AdminErrorCode;
import io.edgeprov.contracts.admin.AdminReply.RevocationPreviewReply;
import io.edgeprov.contracts.admin.AdminReply.RevokeReply;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.ui.client.AdminClient;
import io.edgeprov.ui.client.AdminRefused;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Revocation in two steps: the gateway previews how many devices the target would cut off, the person
 * confirms that number, and the revoke carries it ({@code expectedDevices}) so the gateway refuses if the
 * target changed in between. The target is one device, a list (a fleet selection), the whole result of a
 * fleet search, or a lot.
 */
public final class RevocationViewModel {
    /** Where the screen is in the two steps. */
    public enum Step {
        EDITING, PREVIEWING, CONFIRMING, REVOKING, DONE, FAILED
    }

    private final AdminClient client;
    private final UiThread ui;

    private final ObjectProperty<TargetKind> kind = new SimpleObjectProperty<>(TargetKind.DEVICE);
    private final StringProperty deviceIds = new SimpleStringProperty("");
    private final StringProperty lot = new SimpleStringProperty("");
    private final ObjectProperty<FleetFilter> search = new SimpleObjectProperty<>();
    private final ObjectProperty<RevocationReason> reason = new SimpleObjectProperty<>(RevocationReason.KEY_COMPROMISE);
    private final StringProperty note = new SimpleStringProperty("");
    private final ObjectProperty<Step> step = new SimpleObjectProperty<>(Step.EDITING);
    private final ObjectProperty<RevocationPreviewReply> preview = new SimpleObjectProperty<>();
    private final StringProperty confirmation = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final ObjectProperty<RevokeReply> result = new SimpleObjectProperty<>();
    private final ObjectProperty<AdminErrorCode> refusal = new SimpleObjectProperty<>();
    private RevocationTarget previewed;

    public RevocationViewModel(AdminClient client, UiThread ui) {
        this.client = Objects.requireNonNull(client);
        this.ui = Objects.requireNonNull(ui);
    }

    /** The fleet's selection becomes the target. */
    public void targetSelection(List<String> ids) {
        kind.set(ids.size() == 1 ? TargetKind.DEVICE : TargetKind.LIST);
        deviceIds.set(String.join(", ", ids));
        reset();
    }

    /** The fleet's current search (its whole result, not only the loaded rows) becomes the target. */
    public void targetSearch(FleetFilter filter) {
        kind.set(TargetKind.SEARCH);
        search.set(filter);
        reset();
    }

    public void targetLot(String name) {
        kind.set(TargetKind.LOT);
        lot.set(name);
        reset();
    }

    /** Asks the gateway how many devices the target would cut off; nothing changes yet. */
    public void preview() {
        RevocationTarget target;
        try {
            target = target();
        } catch (RuntimeException e) {
            step.set(Step.FAILED);
            message.set(e.getMessage());
            return;
        }
        step.set(Step.PREVIEWING);
        message.set("Asking the gateway how many devices this covers…");
        refusal.set(null);
        result.set(null);
        Results.apply(client.previewRevocation(target), ui, reply -> {
            previewed = target;
            preview.set(reply);
            confirmation.set(confirmationText(reply));
            step.set(Step.CONFIRMING);
            message.set("");
        }, failure -> failed(failure));
    }

    /** Revokes what the preview counted, naming that count so the gateway can refuse if it changed. */
    public void confirm() {
        RevocationPreviewReply counted = preview.get();
        if (step.get() != Step.CONFIRMING || counted == null || previewed == null) {
            return;
        }
        step.set(Step.REVOKING);
        message.set("Revoking " + plural(counted.devices(), "device") + "…");
        String written = note.get() == null || note.get().isBlank() ? null : note.get().strip();
        Results.apply(client.revoke(previewed, reason.get(), written, counted.devices()), ui, reply -> {
            result.set(reply);
            step.set(Step.DONE);
            message.set("Revoked " + plural(reply.devices(), "device") + " (" + plural(reply.certificates(), "certificate")
                    + ")" + (reply.alreadyRevoked() > 0 ? "; " + reply.alreadyRevoked() + " already revoked" : "")
                    + ". They are cut off from the gateway.");
        }, failure -> failed(failure));
    }

    /** Back to editing the target, forgetting the preview. */
    public void reset() {
        step.set(Step.EDITING);
        preview.set(null);
        previewed = null;
        confirmation.set("");
        message.set("");
        refusal.set(null);
    }

    private void failed(Results.Failure failure) {
        step.set(Step.FAILED);
        message.set(failure.words());
        refusal.set(failure.cause() instanceof AdminRefused refused ? refused.code() : null);
        preview.set(null);
        previewed = null;
    }

    RevocationTarget target() {
        return switch (kind.get()) {
            case DEVICE, LIST -> {
                List<String> ids = Arrays.stream(deviceIds.get().split("[,;\\s]+")).map(String::strip)
                        .filter(s -> !s.isEmpty()).distinct().collect(Collectors.toList());
                if (ids.isEmpty()) {
                    throw new IllegalArgumentException("Name at least one device id.");
                }
                yield ids.size() == 1 && kind.get() == TargetKind.DEVICE ? RevocationTarget.device(ids.get(0))
                        : RevocationTarget.list(ids);
            }
            case SEARCH -> {
                if (search.get() == null) {
                    throw new IllegalArgumentException("Run a fleet search first, then revoke its result from the fleet view.");
                }
                yield RevocationTarget.search(search.get());
            }
            case LOT -> {
                if (lot.get() == null || lot.get().isBlank()) {
                    throw new IllegalArgumentException("Name the lot.");
                }
                yield RevocationTarget.lot(lot.get().strip());
            }
        };
    }

    static String confirmationText(RevocationPreviewReply p) {
        if (p.devices() == 0) {
            return "Nothing to revoke: " + p.description() + " covers no device that is not already revoked"
                    + (p.alreadyRevoked() > 0 ? " (" + plural(p.alreadyRevoked(), "device") + " already revoked)." : ".");
        }
        return "Revoke " + p.description() + ": this cuts off " + plural(p.devices(), "device") + " ("
                + plural(p.certificates(), "valid certificate") + ")"
                + (p.alreadyRevoked() > 0 ? "; " + p.alreadyRevoked() + " already revoked" : "") + ". This cannot be undone.";
    }

    static String plural(long n, String noun) {
        return String.format(java.util.Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    public ObjectProperty<TargetKind> kindProperty() {
        return kind;
    }

    public StringProperty deviceIdsProperty() {
        return deviceIds;
    }

    public StringProperty lotProperty() {
        return lot;
    }

    public ReadOnlyObjectProperty<FleetFilter> searchProperty() {
        return search;
    }

    public ObjectProperty<RevocationReason> reasonProperty() {
        return reason;
    }

    public StringProperty noteProperty() {
        return note;
    }

    public ReadOnlyObjectProperty<Step> stepProperty() {
        return step;
    }

    public ReadOnlyObjectProperty<RevocationPreviewReply> previewProperty() {
        return preview;
    }

    public ReadOnlyStringProperty confirmationProperty() {
        return confirmation;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyObjectProperty<RevokeReply> resultProperty() {
        return result;
    }

    /** The gateway's refusal code when the last step was refused (a technician trying to revoke: NOT_PERMITTED). */
    public ReadOnlyObjectProperty<AdminErrorCode> refusalProperty() {
        return refusal;
    }
}
