package io.edgeprov.sim.device;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.AttestationProofs;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.ContractViolation;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.NewDeviceKey;
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
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One device with a TPM speaking contract v1 over an {@link EnrollmentChannel} (MQTT or CoAP), as
 * firmware would: attest on a certificate-less session, reconnect with the issued certificate
 * (mTLS or DTLS, key in the TPM), renew before expiry, attest again when the gateway asks for it,
 * and reconnect with backoff when the session drops.
 *
 * <p>{@link #enroll()} and {@link #renew()} run one step and block until it ends (every wait has
 * a timeout); {@link #start()} runs the whole life on the injected executors. Steps of one device
 * never overlap. Secrets (the activated credential) live only inside a step and are wiped.
 */
public final class SimulatedDevice implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

    private final DeviceId id;
    private final DeviceTpm tpm;
    private final EnrollmentChannel channel;
    private final DeviceSettings settings;
    private final Clock clock;
    private final SecureRandom random;
    private final ScheduledExecutorService scheduler;
    private final Executor worker;
    private final DeviceListener listener;
    private final DeviceRecorder recorder = new DeviceRecorder();
    private final ReentrantLock steps = new ReentrantLock();
    private final RevocationWatch revocation = new RevocationWatch();
    /** Guards a state change against the revocation claimed on another thread (see {@link #setState}). */
    private final Object stateChange = new Object();
    private volatile SimulatedDeviceState state = SimulatedDeviceState.NEW;
    private volatile Optional<DeviceCredential> credential = Optional.empty();
    /** The certificate the current connection presented: a renewal does not reconnect, so it can be older than {@link #credential}. */
    private volatile Optional<DeviceCredential> connectedWith = Optional.empty();
    private volatile boolean running;
    private volatile Instant lostAt = Instant.EPOCH;

    SimulatedDevice(SimulatedDeviceBuilder b) {
        this.id = b.id;
        this.tpm = b.tpm;
        this.channel = b.channel();
        this.settings = b.settings;
        this.clock = b.clock;
        this.random = b.random;
        this.scheduler = b.scheduler;
        this.worker = b.worker.orElse(b.scheduler);
        this.listener = b.listener;
        channel.listener(new EnrollmentChannel.Listener() {
            @Override
            public void noticeArrived(RevocationNotice notice) {
                onNotice(notice);
            }

            @Override
            public void connectionLost(String reason) {
                onConnectionLost(reason);
            }
        });
    }

    public static SimulatedDeviceBuilder builder() {
        return new SimulatedDeviceBuilder();
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
        return recorder.snapshot(state, revocation.noticed());
    }

    /** How the device learned that its certificate was revoked, if it did. */
    public Optional<NoticedRevocation> revocation() {
        return revocation.noticed();
    }

    // ---------------------------------------------------------------- one step at a time

    /** Full attestation, then a reconnect with the issued certificate. */
    public StepResult enroll() {
        steps.lock();
        try {
            if (revocation.revoked()) {
                return stoppedByRevocation();
            }
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
            if (revocation.revoked()) {
                return stoppedByRevocation();
            }
            return doRenew();
        } finally {
            steps.unlock();
        }
    }

    private StepResult doEnroll() {
        Instant started = clock.instant();
        setState(SimulatedDeviceState.ATTESTING);
        try {
            channel.disconnect(settings.connectTimeout());
            channel.openForAttestation(settings.connectTimeout());
            Challenge challenge = answer("attestation begin", channel.begin(new AttestationBegin(newToken(),
                    tpm.endorsementKeyPublic(), tpm.endorsementKeyCertificate(), tpm.attestationKeyPublic()),
                    settings.requestTimeout()));
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
            CredentialBundle bundle = answer("attestation finish", channel.finish(new AttestationFinish(newToken(),
                    challenge.challengeId(), proof, evidence.attestation(), evidence.signature(), keyPublic, csr),
                    settings.requestTimeout()));
            DeviceCredential issued = Credentials.fromBundle(bundle, key, DeviceCsr.publicKey(tpm, key));
            try {
                if (channel.continueAsEnrolled(issued, settings.connectTimeout())) {
                    // One handshake per enrollment: the gateway granted this session the new certificate's rights.
                    connectedWith = Optional.of(issued);
                } else {
                    channel.disconnect(settings.connectTimeout());
                    connectEnrolled(issued);
                }
            } catch (TransportException e) {
                if (refusedAsRevoked(e)) {
                    return revokedAtConnect(e, issued, started);
                }
                throw e;
            }
            credential = Optional.of(issued);
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
            if (!channel.isOpen()) {
                try {
                    connectEnrolled(current.get());
                } catch (TransportException e) {
                    if (refusedAsRevoked(e)) {
                        return revokedAtConnect(e, current.get(), started);
                    }
                    throw e;
                }
            }
            boolean rotate = settings.rotateKeyOnRenew();
            TpmKeyHandle key = rotate ? tpm.createDeviceKey() : current.get().key();
            byte[] csr = DeviceCsr.build(tpm, key, id);
            Optional<NewDeviceKey> newKey = Optional.empty();
            if (rotate) {
                CertifyResult evidence = tpm.certify(key, AttestationProofs.renewalQualifyingData(csr));
                newKey = Optional.of(new NewDeviceKey(tpm.publicArea(key), evidence.attestation(), evidence.signature()));
            }
            CredentialBundle bundle = answer("renewal", channel.renew(new RenewRequest(newToken(), csr, newKey),
                    settings.requestTimeout()));
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
                return doEnroll();
            }
            if (f.code.filter(c -> c == WireErrorCode.CERTIFICATE_REVOKED || c == WireErrorCode.DEVICE_REVOKED).isPresent()) {
                StepResult result = failStep(f, started, SimulatedDeviceState.FAILED);
                // The refusal is about the certificate the connection presented, which a renewal without
                // a reconnect leaves older than the one held; the gateway revokes all of a device's at once.
                noticed(RevocationWatch.refused(RevocationPath.REFUSED_RENEWAL, connectedWith.orElse(current.get()),
                        clock.instant()));
                return result;
            }
            return failStep(f, started, channel.isOpen() ? SimulatedDeviceState.ENROLLED : SimulatedDeviceState.RECONNECTING);
        } catch (TransportException e) {
            if (refusedAsRevoked(e)) {
                // a transport that opens its session lazily (CoAP) meets the refusal at the request
                return revokedAtConnect(e, connectedWith.orElse(current.get()), started);
            }
            return failStep(new StepFailure(DeviceFailure.TRANSPORT, e.getMessage()), started, SimulatedDeviceState.RECONNECTING);
        } catch (TpmOperationException e) {
            return failStep(new StepFailure(DeviceFailure.TPM, e.getMessage()), started, SimulatedDeviceState.ENROLLED);
        } catch (ContractViolation | Credentials.BadBundle e) {
            return failStep(new StepFailure(DeviceFailure.BAD_REPLY, e.getMessage()), started, SimulatedDeviceState.ENROLLED);
        }
    }

    private void connectEnrolled(DeviceCredential issued) throws TransportException {
        connectedWith = Optional.empty();
        channel.openWith(issued, settings.connectTimeout());
        connectedWith = Optional.of(issued);
    }

    /** The accepted reply, or the step's failure: a Rejection becomes REJECTED with its wire code. */
    private static <T> T answer(String step, ChannelReply<T> reply) throws StepFailure {
        if (reply instanceof ChannelReply.Accepted<T> accepted) {
            return accepted.reply();
        }
        if (reply instanceof ChannelReply.Refused<T> refused) {
            throw new StepFailure(refused.rejection().code(), refused.rejection().reason());
        }
        ChannelReply.Failed<T> failed = (ChannelReply.Failed<T>) reply;
        throw new StepFailure(failed.failure(), step + ": " + failed.detail());
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
            channel.disconnect(STOP_TIMEOUT);
            record(DeviceEvent.of(clock.instant(), DeviceEventType.STOPPED, "stopped by owner"));
            setState(SimulatedDeviceState.STOPPED);
        } finally {
            steps.unlock();
        }
    }

    @Override
    public void close() {
        stop();
        channel.close();
    }

    private void lifecycleEnroll(int attempt) {
        if (!running) {
            return;
        }
        StepResult result = enroll();
        if (!running || revocation.revoked()) {
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
        if (!running || revocation.revoked()) {
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
            if (!running || channel.isOpen() || state != SimulatedDeviceState.RECONNECTING) {
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
                if (refusedAsRevoked(e)) {
                    revokedAtConnect(e, current.get(), clock.instant());
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

    private void onNotice(RevocationNotice notice) {
        RevocationWatch.NoticeVerdict verdict = RevocationWatch.judge(id, notice, credential, clock.instant());
        if (verdict instanceof RevocationWatch.NoticeVerdict.ForHeldCertificate held) {
            if (noticed(held.revocation())) {
                dropRevokedConnection();
            }
        } else if (verdict instanceof RevocationWatch.NoticeVerdict.ForOtherCertificate other) {
            record(DeviceEvent.of(clock.instant(), DeviceEventType.NOTICE_FOR_OTHER_CERTIFICATE, other.detail()));
        }
    }

    /**
     * Stops using the revoked certificate at once, without waiting for the gateway to cut the
     * connection: a broker that keeps revoked sessions (Mosquitto, docs/decisions/0008) never would.
     * Runs on the worker because a transport must not be disconnected from its own callback thread,
     * and under the step lock so a step in flight ends first.
     */
    private void dropRevokedConnection() {
        try {
            worker.execute(() -> {
                steps.lock();
                try {
                    channel.disconnect(settings.connectTimeout());
                    connectedWith = Optional.empty();
                } finally {
                    steps.unlock();
                }
            });
        } catch (RejectedExecutionException e) {
            // The owner is shutting the executors down; its stop() disconnects anyway.
        }
    }

    private void onConnectionLost(String reason) {
        lostAt = clock.instant();
        record(DeviceEvent.of(lostAt, DeviceEventType.CONNECTION_LOST, reason));
        // A step in flight sees the loss through its reply wait; only an idle, enrolled device reconnects here.
        if (running && !revocation.revoked() && state == SimulatedDeviceState.ENROLLED) {
            setState(SimulatedDeviceState.RECONNECTING);
            later(() -> reconnect(0), settings.backoff().delay(0, random));
        }
    }

    // ---------------------------------------------------------------- bookkeeping

    /**
     * Whether a connect with the certificate was refused because it is revoked. NOT_AUTHORIZED (0x87)
     * is not such a refusal: the gateway also answers it for an expired, untrusted or mismatched
     * certificate, which re-attestation or a retry can fix.
     */
    private static boolean refusedAsRevoked(TransportException e) {
        return e.failure() == TransportFailure.BANNED || e.failure() == TransportFailure.REVOKED_AT_HANDSHAKE;
    }

    /**
     * The broker refused the certificate as revoked: the notice was lost with the connection the gateway
     * cut, or the device was offline when it was sent. Stop like a device that got the notice, instead of
     * retrying. Not a REFUSED event: no wire code came back, only the broker's connect refusal.
     */
    private StepResult revokedAtConnect(TransportException e, DeviceCredential presented, Instant started) {
        Duration latency = since(started);
        noticed(RevocationWatch.refused(RevocationPath.REFUSED_RECONNECT, presented, clock.instant()));
        return StepResult.failed(DeviceFailure.REVOKED, latency, "connect refused as revoked: " + e.getMessage());
    }

    /**
     * Records the revocation if it is the first this device noticed, and makes the device stop: FAILED,
     * no more renewals or reconnects. Later signs of the same revocation are dropped, so it is reported once.
     *
     * @return whether this was the first
     */
    private boolean noticed(NoticedRevocation revoked) {
        synchronized (stateChange) {
            if (!revocation.claim(revoked)) {
                return false;
            }
            setState(SimulatedDeviceState.FAILED);
        }
        record(DeviceEvent.revoked(revoked));
        return true;
    }

    private StepResult stoppedByRevocation() {
        return StepResult.failed(DeviceFailure.REVOKED, Duration.ZERO, "certificate revoked ("
                + revocation.noticed().map(r -> r.path().toString()).orElse("") + "): the device neither renews nor attests again");
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

    /**
     * Once revoked the device stays FAILED (until its owner stops it): a step that ends after a notice
     * arrived on the transport's thread must not bring it back to ENROLLED or RECONNECTING.
     */
    private void setState(SimulatedDeviceState requested) {
        SimulatedDeviceState before;
        SimulatedDeviceState next;
        synchronized (stateChange) {
            next = revocation.revoked() && requested != SimulatedDeviceState.STOPPED ? SimulatedDeviceState.FAILED : requested;
            before = state;
            state = next;
        }
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
}
