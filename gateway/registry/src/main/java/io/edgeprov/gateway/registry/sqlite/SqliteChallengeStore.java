package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.registry.StoredChallenge;
import io.edgeprov.gateway.core.registry.ChallengeBinding;
import io.edgeprov.gateway.core.registry.ChallengeRefusal;
import io.edgeprov.gateway.core.registry.ChallengeStore;
import io.edgeprov.gateway.core.registry.ConsumeResult;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.sqlite.SQLiteErrorCode;

/**
 * Challenges in table {@code challenge}. Consuming runs on the single writer, so the check and the
 * marking are one step: two presentations of one challenge can never both succeed.
 */
final class SqliteChallengeStore implements ChallengeStore {

    private static final String COLUMNS =
            "challenge_id, device_id, proof_sha256, ak_name, issued_at_ms, expires_at_ms, consumed_at_ms,"
            + " ak_public, qualifying_data, ek_sha256";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM challenge WHERE challenge_id = ?";
    static final String COUNT_OPEN = "SELECT COUNT(*) FROM challenge WHERE consumed_at_ms IS NULL AND expires_at_ms > ?";

    /** A stored challenge and whether it was consumed. */
    private record Row(StoredChallenge challenge, boolean consumed) {
    }

    private final SingleWriter writer;
    private final ReadPool readers;

    SqliteChallengeStore(SingleWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public CompletableFuture<StoredChallenge> put(StoredChallenge challenge) {
        Objects.requireNonNull(challenge, "challenge");
        return writer.submit(tx -> {
            PreparedStatement ps = tx.statement("INSERT INTO challenge (challenge_id, device_id, proof_sha256,"
                    + " ak_name, issued_at_ms, expires_at_ms, ak_public, qualifying_data, ek_sha256)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            ps.setString(1, challenge.challengeId());
            ps.setString(2, challenge.deviceId());
            ps.setBytes(3, challenge.expectedProofSha256().bytes());
            ps.setBytes(4, challenge.akName());
            ps.setLong(5, challenge.issuedAt().toEpochMilli());
            ps.setLong(6, challenge.expiresAt().toEpochMilli());
            ps.setBytes(7, challenge.binding().map(ChallengeBinding::akPublic).orElse(null));
            ps.setBytes(8, challenge.binding().map(ChallengeBinding::qualifyingData).orElse(null));
            ps.setBytes(9, challenge.binding().map(b -> b.ekPublicSha256().bytes()).orElse(null));
            try {
                ps.executeUpdate();
            } catch (SQLException e) {
                if (Rows.violates(e, SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
                    throw new RegistryException(RegistryFailure.CHALLENGE_EXISTS,
                            "challenge " + challenge.challengeId() + " already exists", e);
                }
                if (Rows.violates(e, SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY)) {
                    throw new RegistryException(RegistryFailure.DEVICE_UNKNOWN,
                            "device " + challenge.deviceId() + " is not registered", e);
                }
                throw e;
            }
            return challenge;
        });
    }

    @Override
    public Optional<StoredChallenge> find(String challengeId) {
        Objects.requireNonNull(challengeId, "challengeId");
        return readers.read(c -> Rows.query(c, BY_ID, ps -> ps.setString(1, challengeId), SqliteChallengeStore::read)
                .stream().findFirst().map(Row::challenge));
    }

    @Override
    public CompletableFuture<ConsumeResult> consume(String challengeId, Instant now) {
        Objects.requireNonNull(challengeId, "challengeId");
        Objects.requireNonNull(now, "now");
        return writer.submit(tx -> {
            PreparedStatement select = tx.statement(BY_ID);
            select.setString(1, challengeId);
            List<Row> rows = Rows.all(select, SqliteChallengeStore::read);
            if (rows.isEmpty()) {
                return new ConsumeResult.Refused(ChallengeRefusal.UNKNOWN);
            }
            Row row = rows.get(0);
            if (row.consumed()) {
                return new ConsumeResult.Refused(ChallengeRefusal.REPLAYED);
            }
            if (!now.isBefore(row.challenge().expiresAt())) {
                return new ConsumeResult.Refused(ChallengeRefusal.EXPIRED);
            }
            PreparedStatement mark = tx.statement(
                    "UPDATE challenge SET consumed_at_ms = ? WHERE challenge_id = ? AND consumed_at_ms IS NULL");
            mark.setLong(1, now.toEpochMilli());
            mark.setString(2, challengeId);
            mark.executeUpdate();
            return new ConsumeResult.Consumed(row.challenge());
        });
    }

    /**
     * One COUNT over the partial index {@code challenge_open_by_expiry} (V3), which holds only
     * unconsumed challenges, so the read touches the open ones alone and is cheap enough for every scrape.
     */
    @Override
    public long countOpen(Instant now) {
        Objects.requireNonNull(now, "now");
        return readers.read(c -> Rows.query(c, COUNT_OPEN, ps -> ps.setLong(1, now.toEpochMilli()), rs -> rs.getLong(1))
                .get(0));
    }

    @Override
    public CompletableFuture<Integer> purgeExpired(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return writer.submit(tx -> {
            PreparedStatement ps = tx.statement("DELETE FROM challenge WHERE expires_at_ms < ?");
            ps.setLong(1, cutoff.toEpochMilli());
            return ps.executeUpdate();
        });
    }

    private static Row read(ResultSet rs) throws SQLException {
        StoredChallenge challenge = new StoredChallenge(rs.getString("challenge_id"), rs.getString("device_id"),
                new Sha256Digest(rs.getBytes("proof_sha256")), rs.getBytes("ak_name"),
                Rows.instant(rs, "issued_at_ms"), Rows.instant(rs, "expires_at_ms"), binding(rs));
        return new Row(challenge, Rows.optionalInstant(rs, "consumed_at_ms").isPresent());
    }

    private static Optional<ChallengeBinding> binding(ResultSet rs) throws SQLException {
        byte[] akPublic = rs.getBytes("ak_public");
        byte[] qualifyingData = rs.getBytes("qualifying_data");
        byte[] ekSha256 = rs.getBytes("ek_sha256");
        if (akPublic == null || qualifyingData == null || ekSha256 == null) {
            return Optional.empty();
        }
        return Optional.of(new ChallengeBinding(akPublic, qualifyingData, new Sha256Digest(ekSha256)));
    }
}
