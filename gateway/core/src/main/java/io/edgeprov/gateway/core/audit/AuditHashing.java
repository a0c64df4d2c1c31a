package io.edgeprov.gateway.core.audit;

import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The canonical encoding hashed into each audit entry. Every field is length-prefixed (or fixed-width) in a
 * fixed order after a version tag, so no two different entries share an encoding: moving text from one
 * field to the next, or between details, changes the bytes.
 */
public final class AuditHashing {

    private static final byte[] TAG = "edgeprov/audit-entry/v1".getBytes(StandardCharsets.US_ASCII);

    private AuditHashing() {
    }

    /** Canonical bytes of an entry: tag, sequence, time, fields, sorted details, previous hash. */
    public static byte[] canonicalEncoding(long sequence, AuditEvent event, Sha256Digest previousHash) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(TAG.length);
            out.write(TAG);
            out.writeLong(sequence);
            out.writeLong(event.at().getEpochSecond());
            out.writeInt(event.at().getNano());
            text(out, event.actor());
            text(out, event.action());
            text(out, event.target());
            text(out, event.outcome().name());
            text(out, event.reasonCode());
            out.writeInt(event.details().size());
            for (Map.Entry<String, String> detail : event.details().entrySet()) {
                text(out, detail.getKey());
                text(out, detail.getValue());
            }
            out.write(previousHash.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory stream cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** SHA-256 of the canonical encoding. */
    public static Sha256Digest entryHash(long sequence, AuditEvent event, Sha256Digest previousHash) {
        return Sha256Digest.of(canonicalEncoding(sequence, event, previousHash));
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
