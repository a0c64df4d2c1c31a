package io.edgeprov.ui.client;

import io.edgeprov.contracts.admin.AdminErrorCode;
import io.edgeprov.contracts.admin.AdminRejection;
import java.util.Objects;

/** The gateway refused a request (its {@code rejected} reply); the message is the code in words. */
public final class AdminRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient AdminRejection rejection;

    public AdminRefused(AdminRejection rejection) {
        super(words(rejection));
        this.rejection = Objects.requireNonNull(rejection);
    }

    public AdminErrorCode code() {
        return rejection.code();
    }

    public AdminRejection rejection() {
        return rejection;
    }

    /** What the console shows: "Refused by the gateway: your role does not allow this (revoke needs ...)". */
    public static String words(AdminRejection r) {
        String detail = r.detail() == null || r.detail().isBlank() ? "" : " (" + r.detail() + ")";
        return "Refused by the gateway: " + r.code().words() + detail;
    }
}
