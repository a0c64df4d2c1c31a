package io.edgeprov.sim.device;

import io.edgeprov.contracts.codec.DecodeResult;
import io.edgeprov.contracts.codec.DeviceCodec;
import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.AttestationProofs;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.ContractViolation;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceMessage;
import io.edgeprov.contracts.device.DeviceTopics;
import io.edgeprov.contracts.device.NewDeviceKey;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.contracts.device.RevocationNotice;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.sim.tpm.CertifyResult;
import io.edgeprov.sim.tpm.DeviceTpm;
import io.edgeprov.sim.tpm.TpmKeyHandle;
import io.edgeprov.sim.tpm.TpmOperationException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One device with a TPM speaking contract v1 over a {@link DeviceTransport}, as firmware would:
 * attest on a certificate-less connection, reconnect with the issued certificate (mTLS, key in
 * the TPM), renew before expiry, attest again when the gateway asks for it, and reconnect with
 * backoff when the connection drops.
 *
 * <p>{@link #enroll()} and {@link #renew()} run one step and block until it ends (every wait has
 * a timeout); {@link #start()} runs the whole life on the injected executors. Steps of one device
 * never overlap. Secrets (the activated credential) live only inside a step and are wiped.
 */
public final class SimulatedDevice implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

    private final DeviceId id;
    private final DeviceTpm tpm;
    private final DeviceTransport transport;
    private final DeviceCodec codec;
    private final DeviceSettings settings;
    private final Clock clock;
    private final SecureRandom random;
    private final ScheduledExecutorService scheduler;
    private final Executor worker;
    private final DeviceListener listener;
    private final DeviceRecorder recorder = new DeviceRecorder();
    private final ReplyWaiter replies = new ReplyWaiter();
    private final ReentrantLock steps = new ReentrantLock();
    private volatile SimulatedDeviceState state = SimulatedDeviceState.NEW;
    private volatile Optional<DeviceCredential> credential = Optional.empty();
    private volatile boolean running;
    private volatile boolean revoked;
    private volatile Instant lostAt = Instant.EPOCH;

    private SimulatedDevice(Builder b) {
        this.id = b.id;
        this.tpm = b.tpm;
        this.transport = b.transport;
        this.codec = b.codec;
        this.settings = b.settings;
        this.clock = b.clock;
        this.random = b.random;
        this.scheduler = b.scheduler;
        this.worker = b.worker.orElse(b.scheduler);
        this.listener = b.listener;
        transport.listener(new DeviceTransport.Listener() {
            @Override
            public void messageArrived(String topic, byte[] payload) {
                onMessage(topic, payload);
            }

            @Override
            public void connectionLost(String reason) {
                onConnectionLost(reason);
            }
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    public DeviceId id() {
        return id;
    }

    public SimulatedDeviceState state() {
        return state;
    }

    /** The current certificate and TPM key handle, if the device holds one. */
    public Optional<DeviceCredential> credential() {
        return credential;
    }

    /** What the device did so far. */
    public DeviceLog log() {
        return recorder.snapshot(state);
    }

    // ---------------------------------------------------------------- one step at a time

    /** Full attestation, then a reconnect with the issued certificate. */
    public StepResult enroll() {
        steps.lock();
        try {
            return doEnroll();
        } finally {
            steps.unlock();
        }
    }

    /**
     * Renews the current certificate (same key, or a new TPM key if the settings say so); attests
     * again when the certificate has expired or the gateway answers REATTESTATION_REQUIRED or
     * CERTIFICATE_EXPIRED.
     */
    public StepResult renew() {
        steps.lock();
        try {
            return doRenew();
        } finally {
            steps.unlock();
        }
    }

    private StepResult doEnroll() {
        Instant started = clock.instant();
        setState(SimulatedDeviceState.ATTESTING);
        try {
            transport.disconnect(settings.connectTimeout());
            transport.connect(Optional.empty(), settings.connectTimeout());
            String begin = DeviceTopics.enrollBegin(id);
            String finish = DeviceTopics.enrollFinish(id);
            transport.subscribe(List.of(DeviceTopics.accepted(begin), DeviceTopics.rejected(begin),
                    DeviceTopics.accepted(finish), DeviceTopics.rejected(finish)), settings.requestTimeout());
            ClientToken beginToken = newToken();
            Challenge challenge = exchange(begin, new AttestationBegin(beginToken, tpm.endorsementKeyPublic(),
                    tpm.endorsementKeyCertificate(), tpm.attestationKeyPublic()), beginToken,
                    codec::decodeChallenge, Challenge::clientToken);
            byte[] proof;
            byte[] qualifyingData;
            byte[] secret = tpm.activateCredential(challenge.credentialBlob(), challenge.encryptedSecret());
            try {
                proof = AttestationProofs.secretProof(secret, challenge.challengeId());
                qualifyingData = AttestationProofs.qualifyingData(challenge.challengeId(), secret);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
            TpmKeyHandle key = tpm.createDeviceKey();
            byte[] keyPublic = tpm.publicArea(key);
            CertifyResult evidence = tpm.certify(key, qualifyingData);
            byte[] csr = DeviceCsr.build(tpm, key, id);
            ClientToken finishToken = newToken();
            CredentialBundle bundle = exchange(finish, new AttestationFinish(finishToken, challenge.challengeId(), proof,
                    evidence.attestation(), evidence.signature(), keyPublic, csr), finishToken,
                    codec::decodeCredentialBundle, CredentialBundle::clientToken);
            DeviceCredential issued = Credentials.fromBundle(bundle, key, DeviceCsr.publicKey(tpm, key));
            transport.disconnect(settings.connectTimeout());
            connectEnrolled(issued);
            credential = Optional.of(issued);
            revoked = false;
            Duration latency = since(started);
            // state first: whoever hears the event may act on the device at once
            setState(SimulatedDeviceState.ENROLLED);
            record(DeviceEvent.timed(clock.instant(), DeviceEventType.ENROLLED, latency, "serial "
                    + issued.certificate().getSerialNumber().toString(16)));
            return StepResult.succeeded(latency);
        } catch (StepFailure f) {
            return failStep(f, started, SimulatedDeviceState.FAILED);
        } catch (TransportException e) {
            return failStep(new StepFailure(DeviceFailure.TRANSPORT, e.getMessage()), started, SimulatedDeviceState.FAILED);
        } catch (TpmOperationException e) {
            return failStep(new StepFailure(DeviceFailure.TPM, e.getMessage()), started, SimulatedDeviceState.FAILED);
        } catch (ContractViolation | Credentials.BadBundle e) {
            return failStep(new StepFailure(DeviceFailure.BAD_REPLY, e.getMessage()), started, SimulatedDeviceState.FAILED);
        } finally {
            replies.done();
        }
    }

    private StepResult doRenew() {
        Instant started = clock.instant();
        Optional<DeviceCredential> current = credential;
        if (current.isEmpty()) {
            return failStep(new StepFailure(DeviceFailure.NO_CREDENTIAL, "no certificate to renew"), started, state);
        }
        if (current.get().expiredAt(started)) {
            record(DeviceEvent.of(started, DeviceEventType.REATTESTING, "certificate expired at " + current.get().notAfter()));
            return doEnroll();
        }
        setState(SimulatedDeviceState.RENEWING);
        try {
            if (!transport.isConnected()) {
                connectEnrolled(current.get());
            }
            boolean rotate = settings.rotateKeyOnRenew();
            TpmKeyHandle key = rotate ? tpm.createDeviceKey() : current.get().key();
            byte[] csr = DeviceCsr.build(tpm, key, id);
            Optional<NewDeviceKey> newKey = Optional.empty();
            if (rotate) {
                CertifyResult evidence = tpm.certify(key, AttestationProofs.renewalQualifyingData(csr));
                newKey = Optional.of(new NewDeviceKey(tpm.publicArea(key), evidence.attestation(), evidence.signature()));
            }
            ClientToken token = newToken();
            CredentialBundle bundle = exchange(DeviceTopics.renew(id), new RenewRequest(token, csr, newKey), token,
                    codec::decodeCredentialBundle, CredentialBundle::clientToken);
            DeviceCredential renewed = Credentials.fromBundle(bundle, key, DeviceCsr.publicKey(tpm, key));
            credential = Optional.of(renewed);
            Duration latency = since(started);
            setState(SimulatedDeviceState.ENROLLED);
            record(DeviceEvent.timed(clock.instant(), rotate ? DeviceEventType.KEY_ROTATED : DeviceEventType.RENEWED,
                    latency, "serial " + renewed.certificate().getSerialNumber().toString(16)));
            return StepResult.succeeded(latency);
        } catch (StepFailure f) {
            if (f.code.filter(c -> c == WireErrorCode.REATTESTATION_REQUIRED || c == WireErrorCode.CERTIFICATE_EXPIRED).isPresent()) {
                record(DeviceEvent.refused(clock.instant(), f.code.get(), f.detail));
                record(DeviceEvent.of(clock.instant(), DeviceEventType.REATTESTING, "renewal refused with " + f.code.get()));
                replies.done();
                return doEnroll();
            }
            if (f.code.filter(c -> c == WireErrorCode.CERTIFICATE_REVOKED).isPresent()) {
                revoked = true;
                return failStep(f, started, SimulatedDeviceState.FAILED);
            }
            return failStep(f, started, transport.isConnected() ? SimulatedDeviceState.ENROLLED : SimulatedDeviceState.RECONNECTING);
        } catch (TransportException e) {
            if (e.failure() == TransportFailure.BANNED) {
                return revokedAtConnect(e, started);
            }
            return failStep(new StepFailure(DeviceFailure.TRANSPORT, e.getMessage()), started, SimulatedDeviceState.RECONNECTING);
        } catch (TpmOperationException e) {
            return failStep(new StepFailure(DeviceFailure.TPM, e.getMessage()), started, SimulatedDeviceState.ENROLLED);
        } catch (ContractViolation | Credentials.BadBundle e) {
            return failStep(new StepFailure(DeviceFailure.BAD_REPLY, e.getMessage()), started, SimulatedDeviceState.ENROLLED);
        } finally {
            replies.done();
        }
    }

    private void connectEnrolled(DeviceCredential issued) throws TransportException {
        transport.connect(Optional.of(issued), settings.connectTimeout());
        String renew = DeviceTopics.renew(id);
        transport.subscribe(List.of(DeviceTopics.accepted(renew), DeviceTopics.rejected(renew), DeviceTopics.notice(id)),
                settings.requestTimeout());
    }

    /**
     * Publishes {@code request} and waits for the reply that carries {@code token}: the accepted
     * message decoded by {@code decodeAccepted}, or a Rejection, which becomes a {@link StepFailure}.
     */
    private <T> T exchange(String topic, DeviceMessage request, ClientToken token,
                           Function<byte[], DecodeResult<T>> decodeAccepted, Function<T, ClientToken> tokenOf)
            throws StepFailure, TransportException {
        String accepted = DeviceTopics.accepted(topic);
        replies.expect(accepted, DeviceTopics.rejected(topic));
        transport.publish(topic, codec.encode(request), settings.requestTimeout());
        Instant deadline = clock.instant().plus(settings.requestTimeout());
        while (true) {
            Duration left = Duration.between(clock.instant(), deadline);
            Optional<ReplyWaiter.Arrival> arrival;
            try {
                arrival = left.isNegative() ? Optional.empty() : replies.next(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailure(DeviceFailure.TIMED_OUT, "interrupted while waiting for a reply on " + topic);
            }
            if (arrival.isEmpty()) {
                throw new StepFailure(DeviceFailure.TIMED_OUT, "no reply on " + topic + " within " + settings.requestTimeout());
            }
            ReplyWaiter.Arrival a = arrival.get();
            if (a.connectionLost()) {
                throw new StepFailure(DeviceFailure.TRANSPORT, "connection lost while waiting for a reply on " + topic);
            }
            if (a.topic().equals(accepted)) {
                DecodeResult<T> decoded = decodeAccepted.apply(a.payload());
                if (decoded.malformed().isPresent()) {
                    DecodeResult.Malformed<T> m = decoded.malformed().get();
                    throw new StepFailure(DeviceFailure.BAD_REPLY, "malformed reply on " + a.topic() + ": " + m.field() + " " + m.problem());
                }
                T reply = decoded.decoded().orElseThrow();
                if (tokenOf.apply(reply).equals(token)) {
                    return reply;
                }
            } else {
                DecodeResult<Rejection> decoded = codec.decodeRejection(a.payload());
                Optional<Rejection> rejection = decoded.decoded();
                if (rejection.isEmpty()) {
                    DecodeResult.Malformed<Rejection> m = decoded.malformed().orElseThrow();
                    throw new StepFailure(DeviceFailure.BAD_REPLY, "malformed rejection on " + a.topic() + ": " + m.field() + " " + m.problem());
                }
                if (rejection.get().clientToken().equals(token)) {
                    throw new StepFailure(rejection.get().code(), rejection.get().reason());
                }
            }
            // A stale reply to an earlier request that timed out: keep waiting for ours.
        }
    }

    // ---------------------------------------------------------------- the whole life

    /** Enrolls, then keeps renewing and reconnecting on the executors until {@link #stop()}. */
    public void start() {
        if (running) {
            return;
        }
        running = true;
        worker.execute(() -> lifecycleEnroll(0));
    }

    /** Stops scheduling new steps without waiting; a step in flight still ends by its timeout. */
    public void halt() {
        running = false;
    }

    /** Stops scheduling, waits for a step in flight, disconnects, and records STOPPED. */
    public void stop() {
        running = false;
        steps.lock();
        try {
            transport.disconnect(STOP_TIMEOUT);
            record(DeviceEvent.of(clock.instant(), DeviceEventType.STOPPED, "stopped by owner"));
            setState(SimulatedDeviceState.STOPPED);
        } finally {
            steps.unlock();
        }
    }

    @Override
    public void close() {
        stop();
        transport.close();
    }

    private void lifecycleEnroll(int attempt) {
        if (!running) {
            return;
        }
        StepResult result = enroll();
        if (!running) {
            return;
        }
        if (result.succeeded()) {
            scheduleRenewal();
        } else if (Retry.isTransient(result) && attempt + 1 < settings.maxEnrollAttempts()) {
            later(() -> lifecycleEnroll(attempt + 1), settings.backoff().delay(attempt, random));
        } else {
            record(DeviceEvent.of(clock.instant(), DeviceEventType.GAVE_UP, "attestation failed " + (attempt + 1)
                    + " time(s), last: " + result.detail()));
        }
    }

    private void lifecycleRenew(int failuresInRow) {
        if (!running) {
            return;
        }
        StepResult result = renew();
        if (!running || revoked) {
            return;
        }
        if (result.succeeded()) {
            scheduleRenewal();
        } else if (credential.isEmpty() || state == SimulatedDeviceState.FAILED) {
            // the renewal fell back to attestation and that failed: retry attestation like a first enrollment
            if (Retry.isTransient(result)) {
                later(() -> lifecycleEnroll(1), settings.backoff().delay(0, random));
            }
        } else if (Retry.isTransient(result) || result.failure().filter(f -> f == DeviceFailure.REJECTED).isPresent()) {
            later(() -> lifecycleRenew(failuresInRow + 1), settings.backoff().delay(failuresInRow, random));
        }
    }

    private void scheduleRenewal() {
        credential.ifPresent(c -> later(() -> lifecycleRenew(0), RenewTiming.delay(c, clock.instant(), settings, random)));
    }

    private void reconnect(int attempt) {
        if (!running) {
            return;
        }
        steps.lock();
        try {
            if (!running || transport.isConnected() || state != SimulatedDeviceState.RECONNECTING) {
                return;
            }
            Optional<DeviceCredential> current = credential;
            if (current.isEmpty() || current.get().expiredAt(clock.instant())) {
                worker.execute(() -> lifecycleEnroll(0));
                return;
            }
            try {
                connectEnrolled(current.get());
                setState(SimulatedDeviceState.ENROLLED);
                record(DeviceEvent.timed(clock.instant(), DeviceEventType.RECONNECTED, since(lostAt),
                        "after " + (attempt + 1) + " attempt(s)"));
            } catch (TransportException e) {
                if (e.failure() == TransportFailure.BANNED) {
                    revokedAtConnect(e, clock.instant());
                    return;
                }
                record(DeviceEvent.failed(clock.instant(), DeviceFailure.TRANSPORT, "reconnect: " + e.getMessage()));
                later(() -> reconnect(attempt + 1), settings.backoff().delay(attempt + 1, random));
            }
        } finally {
            steps.unlock();
        }
    }

    private void later(Runnable task, Duration delay) {
        if (running) {
            scheduler.schedule(() -> worker.execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    // ---------------------------------------------------------------- transport callbacks

    private void onMessage(String topic, byte[] payload) {
        if (replies.offer(topic, payload)) {
            return;
        }
        if (topic.equals(DeviceTopics.notice(id))) {
            codec.decodeRevocationNotice(payload).decoded().ifPresent(this::onRevoked);
        }
    }

    private void onRevoked(RevocationNotice notice) {
        revoked = true;
        record(DeviceEvent.of(clock.instant(), DeviceEventType.REVOKED, "serial " + notice.serial() + " " + notice.reason()));
        setState(SimulatedDeviceState.FAILED);
    }

    private void onConnectionLost(String reason) {
        lostAt = clock.instant();
        record(DeviceEvent.of(lostAt, DeviceEventType.CONNECTION_LOST, reason));
        replies.connectionLost();
        // A step in flight sees the loss through its reply wait; only an idle, enrolled device reconnects here.
        if (running && !revoked && state == SimulatedDeviceState.ENROLLED) {
            setState(SimulatedDeviceState.RECONNECTING);
            later(() -> reconnect(0), settings.backoff().delay(0, random));
        }
    }

    // ---------------------------------------------------------------- bookkeeping

    /**
     * The broker refused the certificate as Banned: the gateway revoked it, and the revocation notice
     * was lost with the connection it cut. Stop like a device that got the notice, instead of retrying.
     */
    private StepResult revokedAtConnect(TransportException e, Instant started) {
        revoked = true;
        StepResult result = failStep(new StepFailure(WireErrorCode.CERTIFICATE_REVOKED, "connect refused as banned: "
                + e.getMessage()), started, SimulatedDeviceState.FAILED);
        record(DeviceEvent.of(clock.instant(), DeviceEventType.REVOKED, "connect refused as banned"));
        return result;
    }

    private StepResult failStep(StepFailure f, Instant started, SimulatedDeviceState next) {
        Duration latency = since(started);
        setState(next);
        record(f.code.isPresent() ? DeviceEvent.refused(clock.instant(), f.code.get(), f.detail)
                : DeviceEvent.failed(clock.instant(), f.failure, f.detail));
        return f.code.map(c -> StepResult.rejected(c, latency, f.detail))
                .orElseGet(() -> StepResult.failed(f.failure, latency, f.detail));
    }

    private void record(DeviceEvent event) {
        recorder.record(event);
        listener.eventRecorded(this, event);
    }

    private void setState(SimulatedDeviceState next) {
        SimulatedDeviceState before = state;
        state = next;
        if (before != next) {
            listener.stateChanged(this, before, next);
        }
    }

    private Duration since(Instant started) {
        Duration d = Duration.between(started, clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    private ClientToken newToken() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return new ClientToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    @Override
    public String toString() {
        return "SimulatedDevice[" + id.value() + ", " + state + "]";
    }

    /** Unwinds a step; carries no secret. */
    private static final class StepFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final DeviceFailure failure;
        private final transient Optional<WireErrorCode> code;
        private final String detail;

        StepFailure(DeviceFailure failure, String detail) {
            super(detail, null, false, false);
            this.failure = failure;
            this.code = Optional.empty();
            this.detail = detail;
        }

        StepFailure(WireErrorCode code, String detail) {
            super(detail, null, false, false);
            this.failure = DeviceFailure.REJECTED;
            this.code = Optional.of(code);
            this.detail = code + ": " + detail;
        }
    }

    /** Collects a device's parts; every one but the executors has a default. */
    public static final class Builder {
        private DeviceId id;
        private DeviceTpm tpm;
        private DeviceTransport transport;
        private DeviceCodec codec = new JsonDeviceCodec();
        private DeviceSettings settings = DeviceSettings.defaults();
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private ScheduledExecutorService scheduler;
        private Optional<Executor> worker = Optional.empty();
        private DeviceListener listener = DeviceListener.NONE;

        private Builder() {
        }

        public Builder id(DeviceId id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        public Builder tpm(DeviceTpm tpm) {
            this.tpm = Objects.requireNonNull(tpm, "tpm");
            return this;
        }

        public Builder transport(DeviceTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        public Builder codec(DeviceCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        public Builder settings(DeviceSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Times renewals, retries and reconnects; its tasks only hand work to the worker. */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Runs the blocking steps (connects, request/reply waits); the scheduler when unset. */
        public Builder worker(Executor worker) {
            this.worker = Optional.of(Objects.requireNonNull(worker, "worker"));
            return this;
        }

        public Builder listener(DeviceListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public SimulatedDevice build() {
            if (id == null) {
                throw new IllegalStateException("a device needs an id");
            }
            if (tpm == null) {
                throw new IllegalStateException("device " + id.value() + " needs a TPM");
            }
            if (transport == null) {
                throw new IllegalStateException("device " + id.value() + " needs a transport");
            }
            if (scheduler == null) {
                throw new IllegalStateException("device " + id.value() + " needs a scheduler");
            }
            return new SimulatedDevice(this);
        }
    }
}
