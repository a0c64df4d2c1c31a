package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.fleet.AuditQuery;
import io.edgeprov.gateway.core.fleet.DeviceSummary;
import io.edgeprov.gateway.core.fleet.FleetCursor;
import io.edgeprov.gateway.core.fleet.FleetFilter;
import io.edgeprov.gateway.core.fleet.FleetOrder;
import io.edgeprov.gateway.core.fleet.FleetQueries;
import io.edgeprov.gateway.core.fleet.FleetQuery;
import io.edgeprov.gateway.core.fleet.MinuteCounts;
import io.edgeprov.gateway.core.fleet.Page;
import io.edgeprov.gateway.core.fleet.RefusalTally;
import io.edgeprov.gateway.core.registry.DeviceState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin plane's read model in SQL (schema V11): every query filters, sorts and pages in SQLite with keyset
 * pagination (the last row's sort key and device id), so a page costs the same at row 90,000 as at row 0 and no
 * answer holds more than one page. The sort key of a page is always paired with the device id, so ties never
 * make pages overlap or skip rows.
 */
final class SqliteFleetQueries implements FleetQueries {
    /** Instants in the audit log are Instant.toString(); a bound truncated to the second, without zone, compares right. */
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String EXPIRY = "(SELECT MAX(c.not_after_ms) FROM certificate c WHERE c.device_id = d.device_id"
            + " AND c.revoked_at_ms IS NULL)";
    private static final String FROM = " FROM device d LEFT JOIN device_lot l ON l.device_id = d.device_id"
            + " LEFT JOIN device_enrollment e ON e.device_id = d.device_id";
    private static final String COLUMNS = "SELECT d.device_id, d.state, l.lot, e.enrollment_id, d.last_seen_ms,"
            + " d.renewal_count, " + EXPIRY + " AS expiry";

    private final ReadPool readers;

    SqliteFleetQueries(ReadPool readers) {
        this.readers = readers;
    }

    /** The SQL of a sort key; integer keys map absent values to -1 so they sort first and compare. */
    private static String key(FleetOrder order) {
        return switch (order) {
            case DEVICE_ID -> "d.device_id";
            case STATE -> "d.state";
            case LAST_SEEN -> "COALESCE(d.last_seen_ms, -1)";
            case CERTIFICATE_EXPIRY -> "COALESCE(" + EXPIRY + ", -1)";
        };
    }

    private static boolean numeric(FleetOrder order) {
        return order == FleetOrder.LAST_SEEN || order == FleetOrder.CERTIFICATE_EXPIRY;
    }

    private record Where(String sql, List<Object> args) {
    }

    private static Where where(FleetFilter filter) {
        StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (!filter.states().isEmpty()) {
            sql.append(" AND d.state IN (");
            int i = 0;
            for (DeviceState state : filter.states().stream().sorted().toList()) {
                sql.append(i++ == 0 ? "?" : ", ?");
                args.add(state.name());
            }
            sql.append(')');
        }
        filter.text().ifPresent(text -> {
            String like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append(" AND (d.device_id LIKE ? ESCAPE '\\' OR l.lot LIKE ? ESCAPE '\\' OR e.enrollment_id LIKE ? ESCAPE '\\')");
            args.add(like);
            args.add(like);
            args.add(like);
        });
        return new Where(sql.toString(), args);
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
    }

    @Override
    public Page<DeviceSummary> devices(FleetQuery query) {
        Objects.requireNonNull(query, "query");
        Where where = where(query.filter());
        String key = key(query.order());
        StringBuilder sql = new StringBuilder(COLUMNS).append(", ").append(key).append(" AS sort_key").append(FROM)
                .append(where.sql());
        List<Object> args = new ArrayList<>(where.args());
        String cmp = query.descending() ? "<" : ">";
        query.after().ifPresent(after -> {
            Object k = keyValue(query.order(), after);
            if (query.order() == FleetOrder.DEVICE_ID) {
                sql.append(" AND d.device_id ").append(cmp).append(" ?");
                args.add(after.deviceId());
            } else {
                sql.append(" AND (").append(key).append(' ').append(cmp).append(" ? OR (").append(key)
                        .append(" = ? AND d.device_id ").append(cmp).append(" ?))");
                args.add(k);
                args.add(k);
                args.add(after.deviceId());
            }
        });
        String dir = query.descending() ? " DESC" : " ASC";
        sql.append(" ORDER BY ").append(query.order() == FleetOrder.DEVICE_ID ? "d.device_id" + dir
                : "sort_key" + dir + ", d.device_id" + dir).append(" LIMIT ?");
        args.add(query.size() + 1);
        return readers.read(c -> {
            List<Object[]> rows = Rows.query(c, sql.toString(), ps -> bind(ps, args),
                    rs -> new Object[] {summary(rs), rs.getString("sort_key")});
            long total = count(c, query.filter());
            boolean more = rows.size() > query.size();
            List<Object[]> page = more ? rows.subList(0, query.size()) : rows;
            Optional<FleetCursor> next = Optional.empty();
            if (more) {
                Object[] last = page.get(page.size() - 1);
                DeviceSummary s = (DeviceSummary) last[0];
                next = Optional.of(new FleetCursor(last[1] == null ? "" : (String) last[1], s.deviceId()));
            }
            return new Page<>(page.stream().map(r -> (DeviceSummary) r[0]).toList(), total, next);
        });
    }

    private static Object keyValue(FleetOrder order, FleetCursor after) {
        if (!numeric(order)) {
            return after.key();
        }
        try {
            return Long.parseLong(after.key());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the cursor does not belong to this sort order");
        }
    }

    private static long count(ReadConnection c, FleetFilter filter) throws SQLException {
        Where where = where(filter);
        String sql = "SELECT COUNT(*)" + (filter.text().isPresent() ? FROM : " FROM device d") + where.sql();
        return Rows.query(c, sql, ps -> bind(ps, where.args()), rs -> rs.getLong(1)).get(0);
    }

    @Override
    public long count(FleetFilter filter) {
        return readers.read(c -> count(c, filter));
    }

    @Override
    public List<String> deviceIds(FleetFilter filter, int limit) {
        Where where = where(filter);
        List<Object> args = new ArrayList<>(where.args());
        args.add(limit);
        return readers.read(c -> Rows.query(c, "SELECT d.device_id" + FROM + where.sql() + " ORDER BY d.device_id LIMIT ?",
                ps -> bind(ps, args), rs -> rs.getString(1)));
    }

    @Override
    public Optional<DeviceSummary> device(String deviceId) {
        return readers.read(c -> Rows.query(c, COLUMNS + FROM + " WHERE d.device_id = ?", ps -> ps.setString(1, deviceId),
                SqliteFleetQueries::summary).stream().findFirst());
    }

    @Override
    public Page<DeviceSummary> admittedBy(String enrollmentId, Optional<FleetCursor> after, int size) {
        String sql = COLUMNS + FROM + " WHERE e.enrollment_id = ? AND d.device_id > ? ORDER BY d.device_id LIMIT ?";
        return readers.read(c -> {
            List<DeviceSummary> rows = Rows.query(c, sql, ps -> {
                ps.setString(1, enrollmentId);
                ps.setString(2, after.map(FleetCursor::deviceId).orElse(""));
                ps.setInt(3, size + 1);
            }, SqliteFleetQueries::summary);
            long total = Rows.query(c, "SELECT COUNT(*) FROM device_enrollment WHERE enrollment_id = ?",
                    ps -> ps.setString(1, enrollmentId), rs -> rs.getLong(1)).get(0);
            boolean more = rows.size() > size;
            List<DeviceSummary> page = more ? rows.subList(0, size) : rows;
            return new Page<>(page, total, more
                    ? Optional.of(new FleetCursor("", page.get(page.size() - 1).deviceId())) : Optional.empty());
        });
    }

    @Override
    public Map<String, Long> admittedCounts() {
        return readers.read(c -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            Rows.query(c, "SELECT enrollment_id, COUNT(*) FROM device_enrollment GROUP BY enrollment_id", ps -> { },
                    rs -> counts.put(rs.getString(1), rs.getLong(2)));
            return counts;
        });
    }

    @Override
    public List<AuditEntry> audit(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + AuditRows.COLUMNS + " FROM audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        query.actor().ifPresent(v -> {
            sql.append(" AND actor = ?");
            args.add(v);
        });
        query.action().ifPresent(v -> {
            sql.append(" AND action = ?");
            args.add(v);
        });
        query.target().ifPresent(v -> {
            sql.append(" AND target = ?");
            args.add(v);
        });
        query.from().ifPresent(v -> {
            sql.append(" AND at >= ?");
            args.add(SECOND.format(v));
        });
        query.to().ifPresent(v -> {
            sql.append(" AND at < ?");
            args.add(SECOND.format(v));
        });
        query.beforeSequence().ifPresent(v -> {
            sql.append(" AND seq < ?");
            args.add(v);
        });
        sql.append(" ORDER BY seq DESC LIMIT ?");
        args.add(query.size());
        return readers.read(c -> Rows.query(c, sql.toString(), ps -> bind(ps, args), AuditRows::read));
    }

    @Override
    public long certificatesExpiring(Instant from, Instant to) {
        // A device's renewed-away certificates stay valid until they lapse; only its newest one expiring matters
        // (the fleet page's expiry column). The partial index certificate_current_by_device covers the grouping.
        return readers.read(c -> Rows.query(c, "SELECT COUNT(*) FROM (SELECT MAX(not_after_ms) AS expiry FROM certificate"
                + " WHERE revoked_at_ms IS NULL GROUP BY device_id) WHERE expiry >= ? AND expiry < ?", ps -> {
                    ps.setLong(1, from.toEpochMilli());
                    ps.setLong(2, to.toEpochMilli());
                }, rs -> rs.getLong(1)).get(0));
    }

    @Override
    public List<MinuteCounts> issuancePerMinute(Instant from) {
        // An enrollment's success is audited as certificate.issue (attestation.finish records only its refusals).
        String sql = "SELECT substr(at, 1, 16) AS minute, SUM(action = 'certificate.issue'), SUM(action = 'certificate.renew')"
                + " FROM audit_log WHERE at >= ? AND outcome = 'SUCCESS'"
                + " AND action IN ('certificate.issue', 'certificate.renew') GROUP BY minute ORDER BY minute";
        return readers.read(c -> Rows.query(c, sql, ps -> ps.setString(1, SECOND.format(from)),
                rs -> new MinuteCounts(LocalDateTime.parse(rs.getString(1)).toInstant(ZoneOffset.UTC), rs.getLong(2),
                        rs.getLong(3))));
    }

    @Override
    public Map<String, RefusalTally> deviceRefusalsSince(Collection<String> deviceIds, Instant from) {
        if (deviceIds.isEmpty()) {
            return Map.of();
        }
        if (deviceIds.size() > 500) {
            throw new IllegalArgumentException("refusals of at most one page (500 devices), not " + deviceIds.size());
        }
        // A bare column beside max() comes from the row holding the maximum (SQLite): the latest refusal's code.
        // audit_by_target (target, seq) narrows each device to its own entries.
        String sql = "SELECT target, COUNT(*), reason_code, MAX(seq) FROM audit_log WHERE target IN ("
                + String.join(", ", java.util.Collections.nCopies(deviceIds.size(), "?")) + ") AND outcome = 'DENIED'"
                + " AND action IN ('attestation.begin', 'attestation.finish', 'certificate.renew') AND at >= ? GROUP BY target";
        List<Object> args = new ArrayList<>(deviceIds);
        args.add(SECOND.format(from.truncatedTo(ChronoUnit.SECONDS)));
        return readers.read(c -> {
            Map<String, RefusalTally> tallies = new LinkedHashMap<>();
            Rows.query(c, sql, ps -> bind(ps, args),
                    rs -> tallies.put(rs.getString(1), new RefusalTally(rs.getLong(2), rs.getString(3))));
            return tallies;
        });
    }

    @Override
    public Map<String, Long> refusalsSince(Instant from) {
        String sql = "SELECT reason_code, COUNT(*) FROM audit_log WHERE at >= ? AND outcome = 'DENIED'"
                + " AND action IN ('attestation.begin', 'attestation.finish', 'certificate.renew')"
                + " GROUP BY reason_code ORDER BY COUNT(*) DESC";
        return readers.read(c -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            Rows.query(c, sql, ps -> ps.setString(1, SECOND.format(from.truncatedTo(ChronoUnit.SECONDS))),
                    rs -> counts.put(rs.getString(1), rs.getLong(2)));
            return counts;
        });
    }

    @Override
    public long deviceCount() {
        return readers.read(c -> Rows.query(c, "SELECT COUNT(*) FROM device", ps -> { }, rs -> rs.getLong(1)).get(0));
    }

    private static DeviceSummary summary(ResultSet rs) throws SQLException {
        long expiry = rs.getLong("expiry");
        Optional<Instant> notAfter = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(expiry));
        return new DeviceSummary(rs.getString("device_id"), DeviceState.valueOf(rs.getString("state")),
                Optional.ofNullable(rs.getString("lot")), Optional.ofNullable(rs.getString("enrollment_id")),
                Rows.optionalInstant(rs, "last_seen_ms"), notAfter, rs.getInt("renewal_count"));
    }
}
