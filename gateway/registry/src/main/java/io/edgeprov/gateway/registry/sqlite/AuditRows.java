package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.audit.AuditAnchor;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Maps audit entries to and from {@code audit_log} rows. */
final class AuditRows {

    static final String INSERT = "INSERT INTO audit_log (seq, at, actor, action, target, outcome, reason_code,"
            + " details, previous_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static final String COLUMNS =
            "seq, at, actor, action, target, outcome, reason_code, details, previous_hash, entry_hash";

    private AuditRows() {
    }

    static void insert(PreparedStatement ps, AuditEntry entry) throws SQLException {
        AuditEvent e = entry.event();
        ps.setLong(1, entry.sequence());
        ps.setString(2, e.at().toString());
        ps.setString(3, e.actor());
        ps.setString(4, e.action());
        ps.setString(5, e.target());
        ps.setString(6, e.outcome().name());
        ps.setString(7, e.reasonCode());
        ps.setString(8, encodeDetails(e.details()));
        ps.setBytes(9, entry.previousHash().bytes());
        ps.setBytes(10, entry.entryHash().bytes());
        ps.executeUpdate();
    }

    /**
     * Reads a row as stored. A row edited so that it no longer parses still loads, as a marked placeholder
     * whose hash cannot match, so the verifier reports a hash mismatch instead of the read failing.
     */
    static AuditEntry read(ResultSet rs) throws SQLException {
        long seq = rs.getLong("seq");
        AuditEvent event;
        try {
            event = new AuditEvent(Instant.parse(rs.getString("at")), rs.getString("actor"),
                    rs.getString("action"), rs.getString("target"), outcome(rs.getString("outcome")),
                    rs.getString("reason_code"), decodeDetails(rs.getString("details")));
        } catch (RuntimeException unreadable) {
            event = AuditEvent.of(Instant.EPOCH, "registry", "audit.unreadable-row", "audit_log:" + seq,
                    AuditOutcome.ERROR, "UNREADABLE_ROW");
        }
        return new AuditEntry(seq, event, digest(rs.getBytes("previous_hash")), digest(rs.getBytes("entry_hash")));
    }

    private static Sha256Digest digest(byte[] stored) {
        return stored != null && stored.length == Sha256Digest.LENGTH ? new Sha256Digest(stored) : Sha256Digest.zero();
    }

    private static AuditOutcome outcome(String stored) {
        try {
            return AuditOutcome.valueOf(stored);
        } catch (IllegalArgumentException e) {
            // An unknown outcome can only come from tampering; ERROR hashes differently, so verify catches it.
            return AuditOutcome.ERROR;
        }
    }

    // Form encoding: '&' and '=' inside keys and values are escaped, so the text parses back unambiguously.
    static String encodeDetails(Map<String, String> details) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> d : details.entrySet()) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(d.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(d.getValue(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    static Map<String, String> decodeDetails(String text) {
        Map<String, String> details = new TreeMap<>();
        if (text.isEmpty()) {
            return details;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            details.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return details;
    }

    /**
     * The newest prune anchor, read on a pooled connection; empty before any prune, and for a database whose
     * schema predates anchors (read by the CLI without migrating it).
     */
    static Optional<AuditAnchor> anchor(ReadPool readers) {
        return readers.read(c -> {
            boolean anchors = !Rows.query(c, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_anchor'",
                    ps -> { }, rs -> 1).isEmpty();
            if (!anchors) {
                return Optional.<AuditAnchor>empty();
            }
            return Rows.query(c, "SELECT seq, entry_hash FROM audit_anchor ORDER BY seq DESC LIMIT 1", ps -> { },
                    rs -> new AuditAnchor(rs.getLong(1), digest(rs.getBytes(2)))).stream().findFirst();
        });
    }

    /** The last entry, read on a pooled connection. */
    static Optional<AuditEntry> head(ReadPool readers) {
        return readers.read(c -> Rows.query(c, "SELECT " + COLUMNS + " FROM audit_log ORDER BY seq DESC LIMIT 1",
                ps -> { }, AuditRows::read).stream().findFirst());
    }

    /** Up to {@code limit} entries from {@code fromSequence} on, in order, read on a pooled connection. */
    static List<AuditEntry> entriesFrom(ReadPool readers, long fromSequence, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return readers.read(c -> Rows.query(c, "SELECT " + COLUMNS + " FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?",
                ps -> {
                    ps.setLong(1, fromSequence);
                    ps.setInt(2, limit);
                }, AuditRows::read));
    }
}
