package io.edgeprov.gateway.admin;

import io.edgeprov.contracts.admin.AdminCommand;
import io.edgeprov.contracts.admin.AdminPermission;
import io.edgeprov.gateway.core.operator.Permission;
import java.util.Optional;

/**
 * Which permission each admin command needs: the gateway checks it on every request, before the use case checks
 * it again. Exhaustive over {@link AdminCommand}, so a new command does not compile until it is placed here.
 */
final class AdminPermissions {
    private AdminPermissions() {
    }

    /** The permission a command needs; empty for commands any enabled operator may send (whoami, break-glass). */
    static Optional<Permission> required(AdminCommand command) {
        return switch (command) {
            case WHOAMI, BREAK_GLASS_TAKE, BREAK_GLASS_RELEASE -> Optional.empty();
            case FLEET_PAGE, DEVICE_DETAIL, GROUP_LIST, GROUP_DEVICES, PENDING_LIST, DASHBOARD -> Optional.of(Permission.VIEW);
            case ALLOW_DEVICE, BATCH_IMPORT, GROUP_SET_ENABLED -> Optional.of(Permission.ONBOARD);
            case PENDING_DECIDE -> Optional.of(Permission.APPROVE);
            case REVOCATION_PREVIEW, REVOKE -> Optional.of(Permission.REVOKE);
            case AUDIT_PAGE, AUDIT_VERIFY -> Optional.of(Permission.AUDIT);
        };
    }

    static AdminPermission toWire(Permission permission) {
        return switch (permission) {
            case VIEW -> AdminPermission.VIEW;
            case ONBOARD -> AdminPermission.ONBOARD;
            case APPROVE -> AdminPermission.APPROVE;
            case REVOKE -> AdminPermission.REVOKE;
            case POLICY -> AdminPermission.POLICY;
            case AUDIT -> AdminPermission.AUDIT;
            case MANAGE_OPERATORS -> AdminPermission.MANAGE_OPERATORS;
        };
    }
}
