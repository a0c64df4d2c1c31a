package io.edgeprov.gateway.registry.sqlite;

import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.certificate;
import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.issued;
import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.withDevice;
import static io.edgeprov.gateway.registry.sqlite.SqliteCertificateStoreTest.thenFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleWriterTest {

    @TempDir
    Path folder;

    private RegistryFixture fixture;
    private SqliteRegistry registry;
    private final CountDownLatch writerHeld = new CountDownLatch(1);
    private final CountDownLatch releaseWriter = new CountDownLatch(1);

    @BeforeEach
    void open_registry() {
        fixture = new RegistryFixture(folder);
        registry = withDevice(fixture.open(), "sensor-1");
    }

    @AfterEach
    void close_registry() throws InterruptedException {
        releaseWriter.countDown();
        registry.close();
        fixture.close();
    }

    @Test
    void writes_queued_while_the_writer_is_busy_commit_in_one_group() throws Exception {
        givenWriterHeld();
        long groupsBefore = registry.groupsCommitted();
        List<CompletableFuture<CertificateRecord>> writes = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            writes.add(record(Integer.toHexString(i)));
        }

        releaseWriter.countDown();
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();

        assertThat(registry.groupsCommitted() - groupsBefore).as("the held group, then one for all 100").isEqualTo(2);
    }

    @Test
    void a_failing_write_in_a_group_does_not_undo_the_others() throws Exception {
        record("a").join();
        givenWriterHeld();
        CompletableFuture<CertificateRecord> before = record("b");
        CompletableFuture<CertificateRecord> duplicate = record("a");
        CompletableFuture<CertificateRecord> after = record("c");

        releaseWriter.countDown();

        thenFailsWith(RegistryFailure.SERIAL_ALREADY_USED, duplicate::join);
        assertThat(List.of(before.join().serialHex(), after.join().serialHex())).containsExactly("b", "c");
        assertThat(registry.certificates().findBySerial("b")).isPresent();
        assertThat(registry.certificates().findBySerial("c")).isPresent();
    }

    @Test
    void a_failing_write_in_a_group_leaves_the_audit_chain_unbroken() throws Exception {
        record("a").join();
        givenWriterHeld();
        record("b");
        record("a");
        CompletableFuture<CertificateRecord> last = record("c");

        releaseWriter.countDown();
        last.join();

        assertThat(new AuditChainVerifier(registry.auditLog()).verify()).isInstanceOf(ChainVerdict.Intact.class)
                .extracting(v -> ((ChainVerdict.Intact) v).count()).isEqualTo(3L);
    }

    @Test
    void a_write_failing_after_it_changed_rows_is_undone_alone() throws Exception {
        givenWriterHeld();
        record("b");
        CompletableFuture<Object> failing = registry.writer().submit(tx -> {
            tx.appendAudit(issued("f", "sensor-1"));
            throw new IllegalStateException("fails after writing");
        });
        CompletableFuture<CertificateRecord> last = record("c");

        releaseWriter.countDown();
        last.join();

        assertThat(failing).failsWithin(java.time.Duration.ofSeconds(10));
        assertThat(new AuditChainVerifier(registry.auditLog()).verify()).isInstanceOf(ChainVerdict.Intact.class)
                .extracting(v -> ((ChainVerdict.Intact) v).count()).as("entries of b and c only").isEqualTo(2L);
    }

    @Test
    void a_caller_is_answered_only_once_its_write_is_visible_to_other_connections() {
        long seenByAnotherConnection = record("abc").thenApply(c -> {
            try {
                return fixture.rawLong("SELECT count(*) FROM certificate WHERE serial_hex = ?", "abc");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }).join();

        assertThat(seenByAnotherConnection).isEqualTo(1);
    }

    @Test
    void reads_do_not_queue_behind_a_writer_that_holds_a_transaction() throws Exception {
        record("a").join();
        givenWriterHeld();

        assertThat(CompletableFuture.supplyAsync(() -> registry.certificates().findBySerial("a")))
                .succeedsWithin(java.time.Duration.ofSeconds(5)).matches(java.util.Optional::isPresent);
    }

    @Test
    void close_commits_every_write_still_queued() throws Exception {
        givenWriterHeld();
        List<CompletableFuture<CertificateRecord>> writes = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            writes.add(record(Integer.toHexString(i)));
        }
        CompletableFuture<Void> closing = CompletableFuture.runAsync(registry::close);

        releaseWriter.countDown();
        closing.get(30, TimeUnit.SECONDS);

        assertThat(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)))
                .as("every queued write committed").succeedsWithin(java.time.Duration.ofSeconds(10));
        try (SqliteRegistry reopened = fixture.open()) {
            assertThat(reopened.certificates().findByDevice("sensor-1")).hasSize(200);
        }
    }

    @Test
    void a_fatal_error_in_the_writer_fails_queued_writes_instead_of_leaving_them_waiting() throws Exception {
        givenWriterHeld();
        CompletableFuture<Object> fatal = registry.writer().submit(tx -> {
            throw new StackOverflowError("simulated");
        });
        CompletableFuture<CertificateRecord> queuedBehind = record("a");

        releaseWriter.countDown();

        assertThat(fatal).failsWithin(java.time.Duration.ofSeconds(10));
        thenFailsWith(RegistryFailure.STORAGE_ERROR, queuedBehind::join);
        thenFailsWith(RegistryFailure.CLOSED, () -> record("b").join());
    }

    @Test
    void writes_after_close_are_refused_as_closed() {
        registry.close();

        thenFailsWith(RegistryFailure.CLOSED, () -> record("a").join());
    }

    @Test
    void the_default_configuration_syncs_fully_in_wal_mode_with_foreign_keys_on() {
        registry.close();
        registry = fixture.open(SqliteRegistryConfig.defaults(fixture.file()));

        String pragmas = registry.writer().submit(tx -> pragma(tx, "journal_mode") + " synchronous=" + pragma(tx, "synchronous")
                + " foreign_keys=" + pragma(tx, "foreign_keys") + " busy_timeout=" + pragma(tx, "busy_timeout")).join();

        assertThat(pragmas).isEqualTo("wal synchronous=2 foreign_keys=1 busy_timeout=5000");
    }

    private static String pragma(WriteTx tx, String name) throws java.sql.SQLException {
        try (ResultSet rs = tx.statement("PRAGMA " + name).executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private CompletableFuture<CertificateRecord> record(String serial) {
        return RegistryFixture.issue(registry, certificate(serial, "sensor-1"));
    }

    /** Parks the writer inside a group transaction until {@link #releaseWriter} opens. */
    private void givenWriterHeld() throws InterruptedException {
        registry.writer().submit(tx -> {
            writerHeld.countDown();
            try {
                return releaseWriter.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        assertThat(writerHeld.await(10, TimeUnit.SECONDS)).as("writer picked up the holding write").isTrue();
    }
}
