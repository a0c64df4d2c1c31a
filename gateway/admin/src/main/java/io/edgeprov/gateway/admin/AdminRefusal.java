package io.edgeprov.gateway.admin;

import io.edgeprov.contracts.admin.AdminErrorCode;
import java.util.Objects;

/** Ends an admin request with a rejection; internal control flow, never leaves this package. */
final class AdminRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final AdminErrorCode code;
    private final String detail;

    AdminRefusal(AdminErrorCode code, String detail) {
        super(code + ": " + detail, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    AdminErrorCode code() {
        return code;
    }

    String detail() {
        return detail;
    }
}
