package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.InboundRevocation;
import io.edgeprov.gateway.core.registry.OutboundEvent;
import io.edgeprov.gateway.core.registry.QueuedEvent;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import io.edgeprov.gateway.core.registry.RevocationEventId;
import io.edgeprov.gateway.core.registry.RevocationOrigin;
import io.edgeprov.gateway.core.registry.RevocationRecord;
import io.edgeprov.gateway.core.registry.RevocationStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;

/** Revocation decisions in table {@code revocation} and the outbox in {@code outbox} (schema V5). */
final class SqliteRevocationStore implements RevocationStore {
    private static final String COLUMNS = "event_id, device_id, reason, revoked_at_ms, actor, origin, note";
    private static final String INSERT = "INSERT INTO revocation (" + COLUMNS + ", recorded_at_ms)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_OUTBOUND = "INSERT INTO outbox (event_id, device_id, reason, occurred_at_ms,"
            + " serials, queued_at_ms, delivered_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String OUTBOUND_COLUMNS = "event_id, device_id, reason, occurred_at_ms, serials, queued_at_ms,"
            + " delivered_at_ms";

    private final ReadPool readers;

    SqliteRevocationStore(ReadPool readers) {
        this.readers = readers;
    }

    @Override
    public Optional<RevocationRecord> find(RevocationEventId eventId) {
        Objects.requireNonNull(eventId, "eventId");
        return readers.read(c -> Rows.query(c, "SELECT " + COLUMNS + " FROM revocation WHERE event_id = ?",
                ps -> ps.setString(1, eventId.value()), SqliteRevocationStore::read).stream().findFirst());
    }

    @Override
    public List<RevocationRecord> findByDevice(String deviceId) {
        Objects.requireNonNull(deviceId, "deviceId");
        return readers.read(c -> Rows.query(c, "SELECT " + COLUMNS + " FROM revocation WHERE device_id = ?"
                + " ORDER BY revoked_at_ms, event_id", ps -> ps.setString(1, deviceId), SqliteRevocationStore::read));
    }

    @Override
    public List<OutboundEvent> pendingOutbound(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return readers.read(c -> Rows.query(c, "SELECT " + OUTBOUND_COLUMNS + " FROM outbox WHERE delivered_at_ms IS NULL"
                + " ORDER BY seq LIMIT ?", ps -> ps.setInt(1, limit), SqliteRevocationStore::readOutbound));
    }

    @Override
    public List<QueuedEvent> pendingPage(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return readers.read(c -> Rows.query(c, "SELECT o.seq, o." + OUTBOUND_COLUMNS.replace(", ", ", o.")
                + ", r.actor, r.origin, r.note, r.revoked_at_ms FROM outbox o JOIN revocation r ON r.event_id = o.event_id"
                + " WHERE o.delivered_at_ms IS NULL ORDER BY o.seq LIMIT ?", ps -> ps.setInt(1, limit), rs -> {
                    OutboundEvent event = readOutbound(rs);
                    RevocationRecord revocation = new RevocationRecord(event.eventId(), event.deviceId(), event.reason(),
                            Rows.instant(rs, "revoked_at_ms"), rs.getString("actor"), RevocationOrigin.parse(rs.getString("origin")),
                            Optional.ofNullable(rs.getString("note")));
                    return new QueuedEvent(rs.getLong("seq"), revocation, event);
                }));
    }

    @Override
    public int outboxDepth() {
        return readers.read(c -> Rows.query(c, "SELECT count(*) FROM outbox WHERE delivered_at_ms IS NULL", ps -> { },
                rs -> rs.getInt(1))).get(0);
    }

    @Override
    public Optional<Instant> oldestPending() {
        return readers.read(c -> Rows.query(c, "SELECT queued_at_ms FROM outbox WHERE delivered_at_ms IS NULL ORDER BY seq"
                + " LIMIT 1", ps -> { }, rs -> Instant.ofEpochMilli(rs.getLong(1)))).stream().findFirst();
    }

    @Override
    public List<CertificateRecord> certificatesRevokedAfter(long mark) {
        return readers.read(c -> Rows.query(c, "SELECT " + prefixed("c.") + " FROM revocation r"
                + " JOIN certificate c ON c.revocation_event = r.event_id WHERE r.rowid > ? ORDER BY r.rowid, c.serial_hex",
                ps -> ps.setLong(1, mark), SqliteCertificateStore::read));
    }

    private static String prefixed(String alias) {
        return java.util.Arrays.stream(SqliteCertificateStore.COLUMNS.split(",")).map(String::strip)
                .map(column -> alias + column).collect(java.util.stream.Collectors.joining(", "));
    }

    @Override
    public long revocationMark() {
        // The rowid of the newest row: O(1) on the table's b-tree, and it grows with every insert by any process.
        return readers.read(c -> Rows.query(c, "SELECT coalesce(max(rowid), 0) FROM revocation", ps -> { },
                rs -> rs.getLong(1))).get(0);
    }

    @Override
    public long lastInboundSequence(String originGatewayId) {
        Objects.requireNonNull(originGatewayId, "originGatewayId");
        return readers.read(c -> Rows.query(c, "SELECT coalesce(max(origin_seq), 0) FROM inbox WHERE origin = ?",
                ps -> ps.setString(1, originGatewayId), rs -> rs.getLong(1))).get(0);
    }

    /** Records an inbound event in the inbox inside the caller's transaction. */
    static void insertInbox(WriteTx tx, InboundRevocation inbound, byte[] contentSha256, Instant receivedAt) throws SQLException {
        PreparedStatement ps = tx.statement("INSERT INTO inbox (event_id, origin, origin_seq, content_sha256, received_at_ms)"
                + " VALUES (?, ?, ?, ?, ?)");
        ps.setString(1, inbound.revocation().eventId().value());
        ps.setString(2, inbound.originId());
        ps.setLong(3, inbound.originSequence());
        ps.setBytes(4, contentSha256);
        ps.setLong(5, receivedAt.toEpochMilli());
        ps.executeUpdate();
    }

    /** Marks events delivered inside the caller's transaction; returns how many rows changed. */
    static int markDelivered(WriteTx tx, List<RevocationEventId> eventIds, Instant at) throws SQLException {
        PreparedStatement ps = tx.statement("UPDATE outbox SET delivered_at_ms = ? WHERE event_id = ? AND delivered_at_ms IS NULL");
        int changed = 0;
        for (RevocationEventId id : eventIds) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, id.value());
            changed += ps.executeUpdate();
        }
        return changed;
    }

    /** Reads a decision by id inside the caller's transaction. */
    static Optional<RevocationRecord> find(WriteTx tx, RevocationEventId eventId) throws SQLException {
        PreparedStatement ps = tx.statement("SELECT " + COLUMNS + " FROM revocation WHERE event_id = ?");
        ps.setString(1, eventId.value());
        return Rows.all(ps, SqliteRevocationStore::read).stream().findFirst();
    }

    /** Inserts a decision inside the caller's transaction; a known event id fails with EVENT_EXISTS. */
    static RevocationRecord insert(WriteTx tx, RevocationRecord record, Instant recordedAt) throws SQLException {
        PreparedStatement ps = tx.statement(INSERT);
        ps.setString(1, record.eventId().value());
        ps.setString(2, record.deviceId());
        ps.setString(3, record.reason().name());
        ps.setLong(4, record.revokedAt().toEpochMilli());
        ps.setString(5, record.actor());
        ps.setString(6, record.origin().stored());
        ps.setString(7, record.note().orElse(null));
        ps.setLong(8, recordedAt.toEpochMilli());
        try {
            ps.executeUpdate();
        } catch (SQLException e) {
            if (Rows.violates(e, SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
                throw new RegistryException(RegistryFailure.EVENT_EXISTS, "revocation " + record.eventId()
                        + " is already on record", e);
            }
            throw e;
        }
        return record;
    }

    /** Queues an event inside the caller's transaction; a known event id fails with EVENT_EXISTS. */
    static OutboundEvent insertOutbound(WriteTx tx, OutboundEvent event) throws SQLException {
        PreparedStatement ps = tx.statement(INSERT_OUTBOUND);
        ps.setString(1, event.eventId().value());
        ps.setString(2, event.deviceId());
        ps.setString(3, event.reason().name());
        ps.setLong(4, event.occurredAt().toEpochMilli());
        ps.setString(5, String.join(",", event.serials()));
        ps.setLong(6, event.queuedAt().toEpochMilli());
        Rows.setOptionalInstant(ps, 7, event.deliveredAt());
        try {
            ps.executeUpdate();
        } catch (SQLException e) {
            if (Rows.violates(e, SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)) {
                throw new RegistryException(RegistryFailure.EVENT_EXISTS, "event " + event.eventId() + " is already queued", e);
            }
            throw e;
        }
        return event;
    }

    private static RevocationRecord read(ResultSet rs) throws SQLException {
        return new RevocationRecord(new RevocationEventId(rs.getString("event_id")), rs.getString("device_id"),
                RevocationReason.valueOf(rs.getString("reason")), Rows.instant(rs, "revoked_at_ms"), rs.getString("actor"),
                RevocationOrigin.parse(rs.getString("origin")), Optional.ofNullable(rs.getString("note")));
    }

    private static OutboundEvent readOutbound(ResultSet rs) throws SQLException {
        String serials = rs.getString("serials");
        return new OutboundEvent(new RevocationEventId(rs.getString("event_id")), rs.getString("device_id"),
                RevocationReason.valueOf(rs.getString("reason")), Rows.instant(rs, "occurred_at_ms"),
                serials.isEmpty() ? List.of() : Arrays.asList(serials.split(",")), Rows.instant(rs, "queued_at_ms"),
                Rows.optionalInstant(rs, "delivered_at_ms"));
    }
}
