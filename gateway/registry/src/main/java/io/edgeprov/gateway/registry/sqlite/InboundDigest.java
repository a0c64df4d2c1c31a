package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.registry.RevocationRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The inbox's content digest of an inbound decision: every field, length-prefixed so no two records collide. */
final class InboundDigest {
    private InboundDigest() {
    }

    static byte[] of(RevocationRecord record) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (String field : new String[] {record.eventId().value(), record.deviceId(), record.reason().name(),
            Long.toString(record.revokedAt().toEpochMilli()), record.actor(), record.origin().stored(),
            record.note().orElse("")}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            sha256.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8),
                (byte) bytes.length});
            sha256.update(bytes);
        }
        return sha256.digest();
    }
}
