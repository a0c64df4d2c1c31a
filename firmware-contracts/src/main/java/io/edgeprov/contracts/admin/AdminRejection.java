package io.edgeprov.contracts.admin;

/**
 * The gateway's refusal of an admin request, on the request's {@code rejected} topic.
 *
 * @param requestId the request's id, or {@code ""} when none could be read from the refused payload
 * @param code why
 * @param detail a short explanation for people (field and problem for {@code MALFORMED}), never a secret
 */
public record AdminRejection(String requestId, AdminErrorCode code, String detail) {
    /** The request id of a rejection whose request could not be read. */
    public static final String NO_REQUEST_ID = "";

    public AdminRejection {
        Check.present(requestId, "requestId");
        if (!requestId.isEmpty()) {
            Check.requestId(requestId);
        }
        Check.present(code, "code");
        Check.text(detail, "detail", 1024);
    }
}
