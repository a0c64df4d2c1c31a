package io.edgeprov.gateway.core.enrollment;

import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a flood of refusals that anyone can send without a certificate from writing one audit entry per
 * request, while every refusal still reaches the chain: in full, or counted in a summary entry.
 *
 * <p>Refusals the {@link #modeOf policy} marks {@link AuditMode#SUMMARISED} are keyed by (claimed device id,
 * step, cause). The first refusal of a key opens a window and is audited in full; repeats inside the window
 * are only counted. When the window has ended (checked on the next refusal, by {@link #flush()} and by
 * {@link #close()}), a key with repeats gets ONE entry, action {@value #ACTION}, with the count. At most
 * {@code trackedKeys} keys are tracked at once; a refusal of a new key while the table is full is folded
 * into an aggregate per (step, cause), target {@value #UNTRACKED_TARGET}, summarised the same way.
 *
 * <p>Bound: a slot of the table takes at most one new key per window length, so in any interval of one
 * window at most {@code trackedKeys} full entries, {@code trackedKeys} per-key summaries and one summary per
 * (step, cause) reach the chain from summarised refusals, however many requests or spoofed ids arrive
 * (decision 0019: with the defaults, at most 550 rows a minute).
 * Safe for concurrent use; each call takes one short lock and never waits on the audit log.
 */
public final class RefusalSummaries implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalSummaries.class);

    /** Default window: a key refused again within a minute of its first refusal is counted, not audited. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    /** Default bound on keys tracked at once: far above the distinct devices one gateway refuses per minute. */
    public static final int DEFAULT_TRACKED_KEYS = 256;
    /** The target of a summary that counts refusals of keys the full table could not track. */
    public static final String UNTRACKED_TARGET = "*";
    /** The action of a summary entry. */
    public static final String ACTION = "refusals.summary";
    /** The actor of a summary entry: the gateway states the count. */
    public static final String ACTOR = "gateway";

    /** How a refusal goes on the audit chain. */
    enum AuditMode {
        /** One entry per refusal. */
        FULL,
        /** The first per key and window in full, repeats counted into a summary. */
        SUMMARISED
    }

    private final AuditLog audit;
    private final Clock clock;
    private final Duration window;
    private final int trackedKeys;
    private final Object lock = new Object();
    /** Tracked keys in the order their windows opened, so the expired ones are always at the head. */
    private final LinkedHashMap<Key, Window> tracked = new LinkedHashMap<>();
    private final LinkedHashMap<Key, Window> untracked = new LinkedHashMap<>();
    private boolean closed;

    private RefusalSummaries(Builder b) {
        this.audit = b.audit;
        this.clock = b.clock;
        this.window = b.window;
        this.trackedKeys = b.trackedKeys;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Which refusals are summarised. Every cause is classified here, so a new one cannot ship unclassified.
     * <ul>
     *   <li>Summarised: what anyone can repeat at no cost. {@code RATE_LIMITED} on every step (it is the flood's
     *   own signature); the challenge refusals that consume nothing ({@code CHALLENGE_UNKNOWN}, {@code _EXPIRED},
     *   {@code _REPLAYED}: one leaked challenge id could be replayed without end); and every begin refusal
     *   about a claimed, unauthenticated device id (enrollment, EK, AK checks).</li>
     *   <li>In full: a barred device on record ({@code DEVICE_REVOKED}, {@code DEVICE_DISABLED},
     *   {@code CERTIFICATE_REVOKED}: a revoked unit coming back is what an operator must see each time; the
     *   per-device limiter runs first and only ids on record reach these, so at most the per-device rate
     *   per barred device); every other refusal of a renewal (the peer presented a certificate this gateway
     *   issued, so the id is not spoofable and the per-device limiter runs first); every other refusal of a
     *   finish (it consumed a challenge, which only an audited, rate-limited begin creates: at most one per
     *   audited begin); and internal errors (the gateway's fault, not the peer's).</li>
     * </ul>
     */
    static AuditMode modeOf(Step step, EnrollmentRefusal cause) {
        return switch (cause) {
            case RATE_LIMITED, CHALLENGE_UNKNOWN, CHALLENGE_EXPIRED, CHALLENGE_REPLAYED -> AuditMode.SUMMARISED;
            case DEVICE_REVOKED, DEVICE_DISABLED, CERTIFICATE_REVOKED, INTERNAL_ERROR -> AuditMode.FULL;
            case MALFORMED_EVIDENCE, NOT_ENROLLED, SERIAL_PATTERN_MISMATCH, ENROLLMENT_DISABLED, EK_MISMATCH,
                    EK_NOT_STORAGE_KEY, EK_CERTIFICATE_MISSING, EK_CERTIFICATE_INVALID, EK_CERTIFICATE_UNTRUSTED,
                    EK_CERTIFICATE_KEY_MISMATCH, AK_ATTRIBUTES_INVALID, SECRET_PROOF_INVALID,
                    ATTESTATION_SIGNATURE_INVALID, ATTESTATION_MALFORMED, QUALIFYING_DATA_MISMATCH,
                    CERTIFIED_NAME_MISMATCH, DEVICE_KEY_ATTRIBUTES_INVALID, CSR_KEY_MISMATCH, CSR_SIGNATURE_INVALID,
                    KEY_TYPE_NOT_ALLOWED, CERTIFICATE_UNKNOWN, CERTIFICATE_EXPIRED, DEVICE_MISMATCH, DEVICE_NOT_ACTIVE,
                    REATTESTATION_REQUIRED -> step == Step.BEGIN ? AuditMode.SUMMARISED : AuditMode.FULL;
        };
    }

    /**
     * Whether this refusal is to be audited in full; if not, it has been counted. Summaries of windows that
     * ended by {@code now} are appended on the way. Once closed, every refusal is audited in full again.
     */
    boolean auditInFull(Step step, String deviceId, EnrollmentRefusal cause, Instant now) {
        if (modeOf(step, cause) == AuditMode.FULL) {
            return true;
        }
        Key key = new Key(step, deviceId, cause);
        List<AuditEvent> due = new ArrayList<>();
        boolean inFull;
        synchronized (lock) {
            if (closed) {
                return true;
            }
            expire(now, due);
            Window current = tracked.get(key);
            if (current != null) {
                current.count(now);
                inFull = false;
            } else if (tracked.size() < trackedKeys) {
                tracked.put(key, new Window(now));
                inFull = true;
            } else {
                untracked.computeIfAbsent(new Key(step, UNTRACKED_TARGET, cause), k -> new Window(now)).count(now);
                inFull = false;
            }
        }
        append(due);
        return inFull;
    }

    /** Summarises every window that has ended by now; what the periodic flush calls. */
    public CompletableFuture<Void> flush() {
        List<AuditEvent> due = new ArrayList<>();
        synchronized (lock) {
            expire(clock.instant(), due);
        }
        return append(due);
    }

    /**
     * Ends every window now, summarising those with counted refusals, and audits every later refusal in
     * full: what a stopping gateway calls, so nothing counted is left off the chain. Safe to call twice.
     */
    @Override
    public void close() {
        closeAndFlush();
    }

    /** {@link #close()}, with a future that completes once the last summaries are appended. */
    public CompletableFuture<Void> closeAndFlush() {
        List<AuditEvent> due = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            Instant now = clock.instant();
            drain(tracked, now, null, due);
            drain(untracked, now, null, due);
        }
        return append(due);
    }

    /** Keys tracked now and refusals counted but not yet on the chain, for a health line. */
    public String describe() {
        synchronized (lock) {
            long pending = 0;
            for (Window w : tracked.values()) {
                pending += w.count;
            }
            for (Window w : untracked.values()) {
                pending += w.count;
            }
            return tracked.size() + "/" + trackedKeys + " keys tracked, " + pending + " refusals awaiting a summary, window "
                    + window;
        }
    }

    /** The window length. */
    public Duration window() {
        return window;
    }

    AuditLog auditLog() {
        return audit;
    }

    private void expire(Instant now, List<AuditEvent> due) {
        Instant openedBefore = now.minus(window);
        drain(tracked, now, openedBefore, due);
        drain(untracked, now, openedBefore, due);
    }

    /** Removes windows opened at or before {@code openedBefore} (all when null), summarising counted ones. */
    private void drain(Map<Key, Window> windows, Instant now, Instant openedBefore, List<AuditEvent> due) {
        Iterator<Map.Entry<Key, Window>> it = windows.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Window> entry = it.next();
            Window w = entry.getValue();
            if (openedBefore != null && w.opened.isAfter(openedBefore)) {
                // Insertion order is opening order for the tracked table; the untracked one is small.
                if (windows == tracked) {
                    return;
                }
                continue;
            }
            it.remove();
            if (w.count > 0) {
                due.add(summary(entry.getKey(), w, now));
            }
        }
    }

    private AuditEvent summary(Key key, Window w, Instant now) {
        Map<String, String> details = new TreeMap<>();
        details.put("step", key.step().action());
        details.put("refusals", Long.toString(w.count));
        details.put("first", w.first.toString());
        details.put("last", w.last.toString());
        details.put("window", window.toString());
        return new AuditEvent(now, ACTOR, ACTION, key.deviceId(), AuditOutcome.DENIED, key.cause().name(), details);
    }

    private CompletableFuture<Void> append(List<AuditEvent> due) {
        if (due.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<AuditEntry>> appended = new ArrayList<>(due.size());
        for (AuditEvent event : due) {
            CompletableFuture<AuditEntry> future;
            try {
                future = audit.append(event);
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            appended.add(future.whenComplete((entry, error) -> {
                if (error != null) {
                    // The metrics still counted them; say what the chain is missing.
                    LOG.warn("could not audit a summary of {} {} refusals ({}, target {}): {}",
                            event.details().get("refusals"), event.reasonCode(), event.details().get("step"),
                            event.target(), error.toString());
                }
            }));
        }
        return CompletableFuture.allOf(appended.toArray(CompletableFuture[]::new));
    }

    private record Key(Step step, String deviceId, EnrollmentRefusal cause) {
    }

    /** One key's window: when it opened, and the refusals counted in it (not audited one by one). */
    private static final class Window {
        final Instant opened;
        long count;
        Instant first;
        Instant last;

        Window(Instant opened) {
            this.opened = opened;
        }

        void count(Instant at) {
            count++;
            if (first == null) {
                first = at;
            }
            last = at;
        }
    }

    /** Collects the audit log and clock; the window and bound default to one minute and 256 keys. */
    public static final class Builder {
        private AuditLog audit;
        private Clock clock = Clock.systemUTC();
        private Duration window = DEFAULT_WINDOW;
        private int trackedKeys = DEFAULT_TRACKED_KEYS;

        private Builder() {
        }

        /** Where summaries are appended: the same log the refusals go to. */
        public Builder auditLog(AuditLog value) {
            this.audit = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** How long a key's repeats are counted before one summary; 1 s to 1 h. */
        public Builder window(Duration value) {
            this.window = value;
            return this;
        }

        /** The most (device id, step, cause) keys tracked at once; 1 to 100,000. */
        public Builder trackedKeys(int value) {
            this.trackedKeys = value;
            return this;
        }

        public RefusalSummaries build() {
            if (audit == null) {
                throw new IllegalStateException("RefusalSummaries needs an audit log");
            }
            Objects.requireNonNull(clock, "clock");
            if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalStateException("the refusal summary window must be from 1 s to 1 h, got " + window);
            }
            if (trackedKeys < 1 || trackedKeys > 100_000) {
                throw new IllegalStateException("trackedKeys must be from 1 to 100000, got " + trackedKeys);
            }
            return new RefusalSummaries(this);
        }
    }
}
