package io.edgeprov.ui.client.mqtt;

import io.edgeprov.contracts.admin.AdminCodec;
import io.edgeprov.contracts.admin.AdminCommand;
import io.edgeprov.contracts.admin.AdminData.FleetFilter;
import io.edgeprov.contracts.admin.AdminData.FleetSort;
import io.edgeprov.contracts.admin.AdminData.RevocationTarget;
import io.edgeprov.contracts.admin.AdminDecodeResult;
import io.edgeprov.contracts.admin.AdminEvent;
import io.edgeprov.contracts.admin.AdminRejection;
import io.edgeprov.contracts.admin.AdminReply;
import io.edgeprov.contracts.admin.AdminReply.AllowDeviceReply;
import io.edgeprov.contracts.admin.AdminReply.AuditPageReply;
import io.edgeprov.contracts.admin.AdminReply.AuditVerifyReply;
import io.edgeprov.contracts.admin.AdminReply.BatchImportReply;
import io.edgeprov.contracts.admin.AdminReply.BreakGlassReply;
import io.edgeprov.contracts.admin.AdminReply.DashboardReply;
import io.edgeprov.contracts.admin.AdminReply.DeviceDetailReply;
import io.edgeprov.contracts.admin.AdminReply.FleetPageReply;
import io.edgeprov.contracts.admin.AdminReply.GroupListReply;
import io.edgeprov.contracts.admin.AdminReply.GroupSetEnabledReply;
import io.edgeprov.contracts.admin.AdminReply.PendingDecideReply;
import io.edgeprov.contracts.admin.AdminReply.PendingListReply;
import io.edgeprov.contracts.admin.AdminReply.RevocationPreviewReply;
import io.edgeprov.contracts.admin.AdminReply.RevokeReply;
import io.edgeprov.contracts.admin.AdminReply.WhoAmIReply;
import io.edgeprov.contracts.admin.AdminRequest;
import io.edgeprov.contracts.admin.AdminTopics;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.ui.client.AdminClient;
import io.edgeprov.ui.client.AdminRefused;
import io.edgeprov.ui.client.AdminUnavailable;
import io.edgeprov.ui.client.AuditQuery;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The admin plane over one MQTT 5 connection: each request goes to {@code admin/v1/{operator}/req/{command}}
 * with a fresh request id; the {@code accepted} or {@code rejected} reply carrying that id completes its
 * future. Futures complete on this client's own thread, never Paho's callback thread, so a caller may
 * chain another request from a completion without stalling the connection.
 */
final class PahoAdminClient implements AdminClient, MqttCallback {
    /** How long a revoke or a batch import may take: longer than the gateway's own 60 s for operator requests. */
    static final Duration LONG_COMMANDS = Duration.ofSeconds(75);
    private final MqttAsyncClient mqtt;
    private final String operatorId;
    private final String gateway;
    private final Duration timeout;
    private final AdminCodec codec = new AdminCodec();
    private final Map<String, CompletableFuture<AdminReply>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<AdminEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> lost = new CopyOnWriteArrayList<>();
    private final ExecutorService completions;
    private final ScheduledExecutorService timer;
    private final AtomicLong sequence = new AtomicLong();
    private final String prefix;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile WhoAmIReply identity;

    PahoAdminClient(MqttAsyncClient mqtt, String operatorId, String gateway, Duration timeout) {
        this.mqtt = mqtt;
        this.operatorId = operatorId;
        this.gateway = gateway;
        this.timeout = timeout;
        this.completions = Executors.newSingleThreadExecutor(r -> daemon(r, "admin-replies"));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "admin-timeouts"));
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        this.prefix = Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "-";
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Subscribes to this operator's replies and events, then asks who it is. */
    void start(long waitMillis) throws MqttException {
        mqtt.setCallback(this);
        IMqttToken subscribed = mqtt.subscribe(new String[] {AdminTopics.acceptedFilter(operatorId),
                AdminTopics.rejectedFilter(operatorId), AdminTopics.events(operatorId)}, new int[] {1, 1, 1});
        subscribed.waitForCompletion(waitMillis);
        int[] granted = subscribed.getGrantedQos();
        for (int qos : granted) {
            if (qos >= 0x80) {
                throw new MqttException(qos);
            }
        }
    }

    void identity(WhoAmIReply who) {
        this.identity = who;
    }

    private String nextId() {
        return prefix + sequence.incrementAndGet();
    }

    @SuppressWarnings("unchecked")
    private <R extends AdminReply> CompletableFuture<R> call(AdminRequest request) {
        CompletableFuture<AdminReply> future = new CompletableFuture<>();
        if (closed.get() || !mqtt.isConnected()) {
            future.completeExceptionally(new AdminUnavailable("not connected to the gateway"));
            return (CompletableFuture<R>) (CompletableFuture<?>) future;
        }
        AdminCommand command = AdminCommand.of(request);
        // The gateway gives operator requests 60 s (a lot revocation or a large batch takes time): wait longer for those.
        Duration wait = command == AdminCommand.REVOKE || command == AdminCommand.BATCH_IMPORT
                ? (timeout.compareTo(LONG_COMMANDS) > 0 ? timeout : LONG_COMMANDS) : timeout;
        pending.put(request.requestId(), future);
        timer.schedule(() -> {
            CompletableFuture<AdminReply> late = pending.remove(request.requestId());
            if (late != null) {
                completions.execute(() -> late.completeExceptionally(new AdminUnavailable(
                        command.level() + " got no answer within " + wait.toSeconds() + " s")));
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
        try {
            MqttMessage message = new MqttMessage(codec.encode((Record) request), 1, false, new MqttProperties());
            mqtt.publish(AdminTopics.request(operatorId, command), message);
        } catch (MqttException e) {
            pending.remove(request.requestId());
            future.completeExceptionally(new AdminUnavailable("cannot send " + command.level() + ": " + e.getMessage(), e));
        }
        return (CompletableFuture<R>) (CompletableFuture<?>) future;
    }

    @Override
    public WhoAmIReply identity() {
        return identity;
    }

    @Override
    public String gatewayDescription() {
        return gateway;
    }

    @Override
    public CompletableFuture<WhoAmIReply> whoAmI() {
        return call(new AdminRequest.WhoAmI(nextId()));
    }

    @Override
    public CompletableFuture<FleetPageReply> fleetPage(FleetFilter filter, FleetSort sort, boolean descending, String cursor, int size) {
        return call(new AdminRequest.FleetPage(nextId(), filter, sort, descending, cursor, size));
    }

    @Override
    public CompletableFuture<DeviceDetailReply> deviceDetail(String deviceId) {
        return call(new AdminRequest.DeviceDetail(nextId(), deviceId));
    }

    @Override
    public CompletableFuture<AllowDeviceReply> allowDevice(String deviceId, String ekSha256) {
        return call(new AdminRequest.AllowDevice(nextId(), deviceId, ekSha256));
    }

    @Override
    public CompletableFuture<BatchImportReply> batchImport(String csv, boolean commit) {
        return call(new AdminRequest.BatchImport(nextId(), csv, commit));
    }

    @Override
    public CompletableFuture<GroupListReply> groups() {
        return call(new AdminRequest.GroupList(nextId()));
    }

    @Override
    public CompletableFuture<GroupSetEnabledReply> setGroupEnabled(String enrollmentId, boolean enabled) {
        return call(new AdminRequest.GroupSetEnabled(nextId(), enrollmentId, enabled));
    }

    @Override
    public CompletableFuture<FleetPageReply> groupDevices(String enrollmentId, String cursor, int size) {
        return call(new AdminRequest.GroupDevices(nextId(), enrollmentId, cursor, size));
    }

    @Override
    public CompletableFuture<PendingListReply> pending(String cursor, int size) {
        return call(new AdminRequest.PendingList(nextId(), cursor, size));
    }

    @Override
    public CompletableFuture<PendingDecideReply> decide(String deviceId, AdminRequest.Decision decision, String note) {
        return call(new AdminRequest.PendingDecide(nextId(), deviceId, decision, note));
    }

    @Override
    public CompletableFuture<RevocationPreviewReply> previewRevocation(RevocationTarget target) {
        return call(new AdminRequest.RevocationPreview(nextId(), target));
    }

    @Override
    public CompletableFuture<RevokeReply> revoke(RevocationTarget target, RevocationReason reason, String note, int expectedDevices) {
        return call(new AdminRequest.Revoke(nextId(), target, reason, note, expectedDevices));
    }

    @Override
    public CompletableFuture<AuditPageReply> auditPage(AuditQuery q, String cursor, int size) {
        return call(new AdminRequest.AuditPage(nextId(), q.actor(), q.action(), q.device(), q.from(), q.to(), cursor, size));
    }

    @Override
    public CompletableFuture<AuditVerifyReply> verifyAudit() {
        return call(new AdminRequest.AuditVerify(nextId()));
    }

    @Override
    public CompletableFuture<DashboardReply> dashboard() {
        return call(new AdminRequest.Dashboard(nextId()));
    }

    @Override
    public CompletableFuture<BreakGlassReply> takeBreakGlass(String reason, int durationSeconds) {
        return call(new AdminRequest.BreakGlassTake(nextId(), reason, durationSeconds));
    }

    @Override
    public CompletableFuture<BreakGlassReply> releaseBreakGlass() {
        return call(new AdminRequest.BreakGlassRelease(nextId()));
    }

    @Override
    public Subscription subscribe(Consumer<AdminEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void onConnectionLost(Consumer<String> why) {
        lost.add(why);
    }

    // ---------------------------------------------------------------- Paho callbacks

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        AdminTopics.parse(topic).ifPresent(parsed -> {
            byte[] payload = message.getPayload();
            switch (parsed.kind()) {
                case ACCEPTED -> parsed.command().ifPresent(command -> {
                    AdminDecodeResult<AdminReply> reply = codec.decodeReply(command, payload);
                    reply.decoded().ifPresent(r -> complete(r.requestId(), f -> f.complete(r)));
                    reply.malformed().ifPresent(m -> m.requestId().ifPresent(id -> complete(id, f -> f.completeExceptionally(
                            new AdminUnavailable("the gateway's " + command.level() + " reply broke the contract: " + m.describe())))));
                });
                case REJECTED -> codec.decodeRejection(payload).decoded().ifPresent(rejection -> {
                    if (!rejection.requestId().equals(AdminRejection.NO_REQUEST_ID)) {
                        complete(rejection.requestId(), f -> f.completeExceptionally(new AdminRefused(rejection)));
                    }
                });
                case EVENTS -> codec.decodeEvent(payload).decoded().ifPresent(event -> {
                    for (Consumer<AdminEvent> listener : listeners) {
                        listener.accept(event);
                    }
                });
                case REQUEST -> { }
            }
        });
    }

    private void complete(String requestId, Consumer<CompletableFuture<AdminReply>> how) {
        CompletableFuture<AdminReply> future = pending.remove(requestId);
        if (future != null) {
            completions.execute(() -> how.accept(future));
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        if (closed.get()) {
            return;
        }
        String why = response.getReasonString() != null ? response.getReasonString()
                : response.getException() != null ? String.valueOf(response.getException().getMessage())
                : "reason code " + response.getReturnCode();
        failAll("the connection to the gateway was lost (" + why + ")");
        for (Consumer<String> listener : lost) {
            listener.accept("The connection to the gateway was lost: " + why);
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }

    private void failAll(String why) {
        for (String id : List.copyOf(pending.keySet())) {
            complete(id, f -> f.completeExceptionally(new AdminUnavailable(why)));
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        failAll("the session was closed");
        try {
            if (mqtt.isConnected()) {
                mqtt.disconnect(2_000).waitForCompletion(2_000);
            }
        } catch (MqttException e) {
            // Closing anyway: the broker drops the session when the socket goes.
        }
        try {
            mqtt.close(true);
        } catch (MqttException e) {
            // Nothing left to release.
        }
        completions.shutdown();
        timer.shutdownNow();
    }
}
