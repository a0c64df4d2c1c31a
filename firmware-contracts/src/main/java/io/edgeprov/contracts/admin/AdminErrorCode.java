package io.edgeprov.contracts.admin;

/**
 * Why the gateway refused an admin request: the {@code code} of an {@link AdminRejection}, published on the
 * request's {@code rejected} topic. The console shows {@link #words()} to people.
 */
public enum AdminErrorCode {
    MALFORMED("the request broke the admin contract"),
    NOT_PERMITTED("your role does not allow this"),
    BREAK_GLASS_REQUIRED("only an operator holding break-glass may do this"),
    OPERATOR_DISABLED("this operator is disabled"),
    UNKNOWN_DEVICE("no such device"),
    UNKNOWN_ENROLLMENT("no such enrollment"),
    UNKNOWN_PENDING("no such device in the pending queue"),
    DUPLICATE("the device, its EK or the group is already allowed"),
    COUNT_CHANGED("the selection no longer holds the number of devices you confirmed"),
    SELECTION_TOO_LARGE("the selection names more devices than one request may"),
    RATE_LIMITED("too many requests; try again shortly"),
    BUSY("the gateway is overloaded; try again shortly"),
    INTERNAL_ERROR("the gateway failed to answer");

    private final String words;

    AdminErrorCode(String words) {
        this.words = words;
    }

    /** A short sentence for people. */
    public String words() {
        return words;
    }
}
