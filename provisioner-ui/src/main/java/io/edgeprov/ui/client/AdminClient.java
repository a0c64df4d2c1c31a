package io.edgeprov.ui.client;

import io.edgeprov.contracts.admin.AdminData.FleetFilter;
import io.edgeprov.contracts.admin.AdminData.FleetSort;
import io.edgeprov.contracts.admin.AdminData.RevocationTarget;
import io.edgeprov.contracts.admin.AdminEvent;
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
import io.edgeprov.contracts.admin.AdminRequest.Decision;
import io.edgeprov.contracts.device.RevocationReason;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The console's port to the gateway's admin plane, in the contract's own records. One method per admin
 * command; the adapter chooses request ids. Every call returns at once; its future completes on an
 * adapter thread (never the FX thread) with the {@code accepted} reply, or fails with
 * {@link AdminRefused} (the gateway's {@code rejected} reply) or {@link AdminUnavailable} (no answer,
 * no connection).
 */
public interface AdminClient extends AutoCloseable {
    /** Who the gateway says this session is (asked once while connecting). */
    WhoAmIReply identity();

    /** Where this session is connected, for the header. */
    String gatewayDescription();

    CompletableFuture<WhoAmIReply> whoAmI();

    CompletableFuture<FleetPageReply> fleetPage(FleetFilter filter, FleetSort sort, boolean descending, String cursor, int size);

    CompletableFuture<DeviceDetailReply> deviceDetail(String deviceId);

    CompletableFuture<AllowDeviceReply> allowDevice(String deviceId, String ekSha256);

    CompletableFuture<BatchImportReply> batchImport(String csv, boolean commit);

    CompletableFuture<GroupListReply> groups();

    CompletableFuture<GroupSetEnabledReply> setGroupEnabled(String enrollmentId, boolean enabled);

    CompletableFuture<FleetPageReply> groupDevices(String enrollmentId, String cursor, int size);

    CompletableFuture<PendingListReply> pending(String cursor, int size);

    CompletableFuture<PendingDecideReply> decide(String deviceId, Decision decision, String note);

    CompletableFuture<RevocationPreviewReply> previewRevocation(RevocationTarget target);

    CompletableFuture<RevokeReply> revoke(RevocationTarget target, RevocationReason reason, String note, int expectedDevices);

    CompletableFuture<AuditPageReply> auditPage(AuditQuery query, String cursor, int size);

    CompletableFuture<AuditVerifyReply> verifyAudit();

    CompletableFuture<DashboardReply> dashboard();

    CompletableFuture<BreakGlassReply> takeBreakGlass(String reason, int durationSeconds);

    CompletableFuture<BreakGlassReply> releaseBreakGlass();

    /**
     * Live events, delivered on an adapter thread in arrival order; the listener must hand them to the
     * UI thread itself (coalesced). Closing the returned handle stops delivery.
     */
    Subscription subscribe(Consumer<AdminEvent> listener);

    /** Called once, on an adapter thread, when the session is lost (not after {@link #close()}). */
    void onConnectionLost(Consumer<String> why);

    /** Ends the session; pending futures fail with {@link AdminUnavailable}. */
    @Override
    void close();

    /** A registration that can be undone. */
    @FunctionalInterface
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
