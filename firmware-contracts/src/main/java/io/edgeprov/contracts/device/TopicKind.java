package io.edgeprov.contracts.device;

import java.util.Optional;

/**
 * The per-device MQTT topics of contract v1: the suffix after {@code prov/v1/{deviceId}/},
 * who publishes there and what message it carries.
 */
public enum TopicKind {
    ATTEST_BEGIN("attest/begin", Publisher.DEVICE, MessageType.ATTESTATION_BEGIN),
    ATTEST_BEGIN_ACCEPTED("attest/begin/accepted", Publisher.GATEWAY, MessageType.CHALLENGE),
    ATTEST_BEGIN_REJECTED("attest/begin/rejected", Publisher.GATEWAY, MessageType.REJECTION),
    ATTEST_FINISH("attest/finish", Publisher.DEVICE, MessageType.ATTESTATION_FINISH),
    ATTEST_FINISH_ACCEPTED("attest/finish/accepted", Publisher.GATEWAY, MessageType.CREDENTIAL_BUNDLE),
    ATTEST_FINISH_REJECTED("attest/finish/rejected", Publisher.GATEWAY, MessageType.REJECTION),
    RENEW("renew", Publisher.DEVICE, MessageType.RENEW_REQUEST),
    RENEW_ACCEPTED("renew/accepted", Publisher.GATEWAY, MessageType.CREDENTIAL_BUNDLE),
    RENEW_REJECTED("renew/rejected", Publisher.GATEWAY, MessageType.REJECTION),
    NOTICE("notice", Publisher.GATEWAY, MessageType.REVOCATION_NOTICE);

    /** Who may publish on a topic; the broker ACL refuses everyone else. */
    public enum Publisher { DEVICE, GATEWAY }

    private final String suffix;
    private final Publisher publisher;
    private final MessageType payload;

    TopicKind(String suffix, Publisher publisher, MessageType payload) {
        this.suffix = suffix;
        this.publisher = publisher;
        this.payload = payload;
    }

    /** The topic levels after the device id, without a leading slash. */
    public String suffix() {
        return suffix;
    }

    public Publisher publisher() {
        return publisher;
    }

    /** The message carried on this topic, JSON-encoded. */
    public MessageType payload() {
        return payload;
    }

    /** True for the topics a device sends requests to. */
    public boolean isRequest() {
        return publisher == Publisher.DEVICE;
    }

    /** The {@code /accepted} reply of a request topic. */
    public Optional<TopicKind> accepted() {
        return reply("/accepted");
    }

    /** The {@code /rejected} reply of a request topic. */
    public Optional<TopicKind> rejected() {
        return reply("/rejected");
    }

    private Optional<TopicKind> reply(String tail) {
        return isRequest() ? fromSuffix(suffix + tail) : Optional.empty();
    }

    public static Optional<TopicKind> fromSuffix(String suffix) {
        for (TopicKind kind : values()) {
            if (kind.suffix.equals(suffix)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
