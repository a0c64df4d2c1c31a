package io.edgeprov.ui.viewmodel;

import io.edgeprov.contracts.admin.AdminData.AlertKind;
import io.edgeprov.contracts.admin.AdminData.BreakGlassState;
import io.edgeprov.contracts.admin.AdminEvent;
import io.edgeprov.contracts.admin.AdminReply.BreakGlassReply;
import io.edgeprov.contracts.admin.AdminReply.WhoAmIReply;
import io.edgeprov.contracts.admin.AdminRequest.BreakGlassTake;
import io.edgeprov.ui.client.AdminClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
 * Break-glass (decision 0032): an operator takes the technician's rights for a bounded time with a
 * written reason, or gives them back. The gateway decides who may (only role operator) and ends it by
 * itself; this model only asks, shows the state it answers, and clears the badge when {@code until} passes
 * (the gateway already refuses elevated requests then, so a late badge would mislead, not endanger).
 */
public final class BreakGlassViewModel {
    /** The durations offered; all within the contract's 60 s .. 4 h. */
    public enum Length {
        MINUTES_15(Duration.ofMinutes(15), "15 min"),
        HOUR_1(Duration.ofHours(1), "1 h"),
        HOURS_4(Duration.ofHours(4), "4 h");

        private final Duration duration;
        private final String words;

        Length(Duration duration, String words) {
            this.duration = duration;
            this.words = words;
        }

        public int seconds() {
            return (int) duration.toSeconds();
        }

        @Override
        public String toString() {
            return words;
        }
    }

    public static final int MAX_REASON = 1000;

    private final AdminClient client;
    private final UiThread ui;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final DateTimeFormatter hhmm;
    private final StringProperty reason = new SimpleStringProperty("");
    private final ObjectProperty<Length> length = new SimpleObjectProperty<>(Length.HOUR_1);
    private final ObjectProperty<BreakGlassState> state = new SimpleObjectProperty<>();
    private final BooleanProperty active = new SimpleBooleanProperty(false);
    private final StringProperty badge = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty failed = new SimpleBooleanProperty(false);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private ScheduledFuture<?> expiry;

    /** @param timer clears the badge at expiry; may be null (tests call {@link #expireIfDue()}) */
    public BreakGlassViewModel(AdminClient client, UiThread ui, Clock clock, ScheduledExecutorService timer) {
        this.client = Objects.requireNonNull(client);
        this.ui = Objects.requireNonNull(ui);
        this.clock = Objects.requireNonNull(clock);
        this.timer = timer;
        this.hhmm = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(clock.getZone());
    }

    /** Shows what the gateway said while connecting (a break-glass may still be held from before). */
    public void start(WhoAmIReply identity) {
        show(identity == null ? null : identity.breakGlass());
    }

    /** Takes break-glass with the written reason for the chosen length; an unusable reason is named, not sent. */
    public void take() {
        // A pasted Windows line end is still a line end; other control characters the contract refuses.
        String written = reason.get() == null ? "" : reason.get().replace("\r\n", "\n").replace('\r', '\n').strip();
        if (written.length() < BreakGlassTake.MIN_REASON) {
            fail("Write a reason of at least " + BreakGlassTake.MIN_REASON + " characters: it goes into the audit trail.");
            return;
        }
        if (written.length() > MAX_REASON) {
            fail("The reason is too long: at most " + MAX_REASON + " characters.");
            return;
        }
        if (written.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            fail("The reason contains a control character: write it as plain text.");
            return;
        }
        Length chosen = length.get() == null ? Length.HOUR_1 : length.get();
        busy.set(true);
        failed.set(false);
        message.set("Asking the gateway for break-glass…");
        CompletableFuture<BreakGlassReply> call;
        try {
            call = client.takeBreakGlass(written, chosen.seconds());
        } catch (IllegalArgumentException refused) {
            // The contract's record refused it before sending (the checks above should have caught it).
            busy.set(false);
            fail("The reason cannot be sent: " + refused.getMessage());
            return;
        }
        Results.apply(call, ui, reply -> {
            busy.set(false);
            show(reply.state());
            if (reply.state() == null) {
                fail("The gateway answered without a break-glass state: nothing was granted.");
            } else {
                reason.set("");
                message.set("Break-glass taken until " + hhmm.format(reply.state().until()) + ". It is audited and raised as an alert.");
            }
        }, failure -> {
            busy.set(false);
            fail(failure.words());
        });
    }

    /** Gives the rights back at once. */
    public void release() {
        busy.set(true);
        failed.set(false);
        message.set("Releasing break-glass…");
        Results.apply(client.releaseBreakGlass(), ui, reply -> {
            busy.set(false);
            show(reply.state());
            message.set(reply.state() == null ? "Break-glass released." : "The gateway still holds break-glass.");
        }, failure -> {
            busy.set(false);
            fail(failure.words());
        });
    }

    /** A break-glass alert raised or an alert cleared may concern this operator: ask the gateway again. */
    public void onEvent(AdminEvent event) {
        boolean concerns = event instanceof AdminEvent.AlertRaised raised && raised.alert().kind() == AlertKind.BREAK_GLASS
                || event instanceof AdminEvent.AlertCleared;
        if (concerns) {
            Results.apply(client.whoAmI(), ui, who -> show(who.breakGlass()), failure -> { });
        }
    }

    /** Clears the state once its {@code until} has passed (the gateway has ended it by then). */
    public void expireIfDue() {
        BreakGlassState held = state.get();
        if (held != null && !clock.instant().isBefore(held.until())) {
            show(null);
            failed.set(false);
            message.set("Break-glass expired.");
        }
    }

    private void show(BreakGlassState held) {
        BreakGlassState now = held != null && clock.instant().isBefore(held.until()) ? held : null;
        state.set(now);
        active.set(now != null);
        badge.set(now == null ? "" : "Break-glass until " + hhmm.format(now.until()));
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
        if (now != null && timer != null && !timer.isShutdown()) {
            long millis = Math.max(0, Duration.between(clock.instant(), now.until()).toMillis());
            expiry = timer.schedule(() -> ui.run(this::expireIfDue), millis + 50, TimeUnit.MILLISECONDS);
        }
    }

    private void fail(String words) {
        failed.set(true);
        message.set(words);
    }

    /** Forgets the message of an earlier attempt (the dialog opens clean). */
    public void clearMessage() {
        failed.set(false);
        message.set("");
    }

    public StringProperty reasonProperty() {
        return reason;
    }

    public ObjectProperty<Length> lengthProperty() {
        return length;
    }

    public ReadOnlyObjectProperty<BreakGlassState> stateProperty() {
        return state;
    }

    public ReadOnlyBooleanProperty activeProperty() {
        return active;
    }

    /** "Break-glass until HH:MM" (local time) while held, empty otherwise. */
    public ReadOnlyStringProperty badgeProperty() {
        return badge;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyBooleanProperty failedProperty() {
        return failed;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }
}
