package io.edgeprov.contracts.admin;

import java.util.Optional;

/**
 * Every admin request the gateway serves: its topic level ({@code admin/v1/{operatorId}/req/{level}}), its
 * request record and the record its {@code accepted} reply carries.
 */
public enum AdminCommand {
    WHOAMI("whoami", AdminRequest.WhoAmI.class, AdminReply.WhoAmIReply.class),
    FLEET_PAGE("fleet-page", AdminRequest.FleetPage.class, AdminReply.FleetPageReply.class),
    DEVICE_DETAIL("device-detail", AdminRequest.DeviceDetail.class, AdminReply.DeviceDetailReply.class),
    ALLOW_DEVICE("allow-device", AdminRequest.AllowDevice.class, AdminReply.AllowDeviceReply.class),
    BATCH_IMPORT("batch-import", AdminRequest.BatchImport.class, AdminReply.BatchImportReply.class),
    GROUP_LIST("group-list", AdminRequest.GroupList.class, AdminReply.GroupListReply.class),
    GROUP_SET_ENABLED("group-set-enabled", AdminRequest.GroupSetEnabled.class, AdminReply.GroupSetEnabledReply.class),
    GROUP_DEVICES("group-devices", AdminRequest.GroupDevices.class, AdminReply.FleetPageReply.class),
    PENDING_LIST("pending-list", AdminRequest.PendingList.class, AdminReply.PendingListReply.class),
    PENDING_DECIDE("pending-decide", AdminRequest.PendingDecide.class, AdminReply.PendingDecideReply.class),
    REVOCATION_PREVIEW("revocation-preview", AdminRequest.RevocationPreview.class, AdminReply.RevocationPreviewReply.class),
    REVOKE("revoke", AdminRequest.Revoke.class, AdminReply.RevokeReply.class),
    AUDIT_PAGE("audit-page", AdminRequest.AuditPage.class, AdminReply.AuditPageReply.class),
    AUDIT_VERIFY("audit-verify", AdminRequest.AuditVerify.class, AdminReply.AuditVerifyReply.class),
    DASHBOARD("dashboard", AdminRequest.Dashboard.class, AdminReply.DashboardReply.class),
    BREAK_GLASS_TAKE("break-glass-take", AdminRequest.BreakGlassTake.class, AdminReply.BreakGlassReply.class),
    BREAK_GLASS_RELEASE("break-glass-release", AdminRequest.BreakGlassRelease.class, AdminReply.BreakGlassReply.class);

    private final String level;
    private final Class<? extends AdminRequest> requestType;
    private final Class<? extends AdminReply> replyType;

    AdminCommand(String level, Class<? extends AdminRequest> requestType, Class<? extends AdminReply> replyType) {
        this.level = level;
        this.requestType = requestType;
        this.replyType = replyType;
    }

    /** The topic level naming this command. */
    public String level() {
        return level;
    }

    public Class<? extends AdminRequest> requestType() {
        return requestType;
    }

    public Class<? extends AdminReply> replyType() {
        return replyType;
    }

    public static Optional<AdminCommand> fromLevel(String level) {
        for (AdminCommand command : values()) {
            if (command.level.equals(level)) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }

    /** The command of a request record. */
    public static AdminCommand of(AdminRequest request) {
        for (AdminCommand command : values()) {
            if (command.requestType.isInstance(request)) {
                return command;
            }
        }
        throw new IllegalStateException("no command for " + request.getClass().getSimpleName());
    }
}
