package io.edgeprov.gateway.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every registry's domain commands guarantee, run over each implementation (in memory here, SQLite
 * in the registry module): each command all or nothing, the device's state checked at commit time, a
 * revocation that covers every current certificate and bars the device, inbound revocations recorded once.
 */
public abstract class RegistryCommandsContract {
    protected static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The stores and commands of one registry under test. */
    public record Registry(RegistryCommands commands, DeviceStore devices, CertificateStore certificates,
            AuditLog audit, RevocationStore revocations, DeviceDirectory directory, AutoCloseable closer) {
    }

    private final AtomicInteger serials = new AtomicInteger(0x100);
    protected Registry registry;

    protected abstract Registry open() throws Exception;

    @BeforeEach
    void open_the_registry() throws Exception {
        registry = open();
    }

    @AfterEach
    void close_the_registry() throws Exception {
        registry.closer().close();
    }

    @Test
    void an_attested_issuance_records_the_certificate_an_active_device_and_its_audit_entry() {
        CertificateRecord issued = whenAttested("dev-1");

        assertThat(registry.certificates().findBySerial(issued.serialHex())).contains(issued);
        DeviceRecord device = registry.devices().find("dev-1").orElseThrow();
        assertThat(device.state()).isEqualTo(DeviceState.ACTIVE);
        assertThat(device.renewalCount()).isZero();
        assertThat(device.attestedKeys()).contains(keys());
        assertThat(lastAudit().event().action()).isEqualTo("certificate.issue");
    }

    @Test
    void a_renewal_counts_up_from_the_row_as_it_stands_at_commit() {
        whenAttested("dev-1");
        whenRenewed("dev-1");
        whenRenewed("dev-1");

        assertThat(registry.devices().find("dev-1").orElseThrow().renewalCount()).isEqualTo(2);
    }

    @Test
    void an_issuance_for_a_revoked_device_is_refused_and_writes_nothing() {
        whenAttested("dev-1");
        whenRevoked("dev-1");
        long entries = auditCount();
        CertificateRecord late = certificate("dev-1");

        thenFailsWith(RegistryFailure.DEVICE_REVOKED, () -> registry.commands().issue(
                new IssueCertificate(late, new DeviceChange.Renewed(NOW), issuedEvent("dev-1"))).join());
        thenFailsWith(RegistryFailure.DEVICE_REVOKED, () -> registry.commands().issue(
                new IssueCertificate(late, new DeviceChange.Attested(NOW, keys()), issuedEvent("dev-1"))).join());
        assertThat(registry.certificates().findBySerial(late.serialHex())).isEmpty();
        assertThat(registry.devices().find("dev-1").orElseThrow().state()).isEqualTo(DeviceState.REVOKED);
        assertThat(auditCount()).isEqualTo(entries);
    }

    @Test
    void an_issuance_for_a_disabled_device_is_refused() {
        whenAttested("dev-1");
        registry.devices().save(registry.devices().find("dev-1").orElseThrow().withState(DeviceState.DISABLED)).join();

        thenFailsWith(RegistryFailure.DEVICE_DISABLED, () -> whenRenewed("dev-1"));
    }

    @Test
    void a_renewal_of_a_device_that_never_attested_is_refused() {
        registry.devices().save(DeviceRecord.pending("dev-1")).join();

        thenFailsWith(RegistryFailure.DEVICE_NOT_ACTIVE, () -> whenRenewed("dev-1"));
    }

    @Test
    void a_reused_serial_is_refused_and_the_device_row_is_left_as_it_was() {
        CertificateRecord first = whenAttested("dev-1");

        thenFailsWith(RegistryFailure.SERIAL_ALREADY_USED, () -> registry.commands().issue(new IssueCertificate(first,
                new DeviceChange.Renewed(NOW), issuedEvent("dev-1"))).join());
        assertThat(registry.devices().find("dev-1").orElseThrow().renewalCount()).isZero();
    }

    @Test
    void a_revocation_covers_every_current_certificate_bars_the_device_and_queues_its_event() {
        CertificateRecord first = whenAttested("dev-1");
        CertificateRecord second = whenRenewed("dev-1");
        CertificateRecord other = whenAttested("dev-2");
        RevocationEventId event = RevocationEventId.random(RANDOM);

        DeviceRevocation done = registry.commands().revoke(new RevokeDevice(event, "dev-1", RevocationReason.KEY_COMPROMISE,
                NOW, "operator:alice", Optional.of("stolen from line 3"))).join();

        assertThat(done.revoked()).extracting(CertificateRecord::serialHex)
                .containsExactlyInAnyOrder(first.serialHex(), second.serialHex());
        assertThat(registry.certificates().findBySerial(first.serialHex()).orElseThrow().isRevoked()).isTrue();
        assertThat(registry.certificates().findBySerial(second.serialHex()).orElseThrow().isRevoked()).isTrue();
        assertThat(registry.certificates().findBySerial(other.serialHex()).orElseThrow().isRevoked()).isFalse();
        assertThat(registry.devices().find("dev-1").orElseThrow().state()).isEqualTo(DeviceState.REVOKED);
        RevocationRecord recorded = registry.revocations().find(event).orElseThrow();
        assertThat(recorded.origin()).isEqualTo(RevocationOrigin.LOCAL);
        assertThat(recorded.actor()).isEqualTo("operator:alice");
        assertThat(recorded.note()).contains("stolen from line 3");
        assertThat(registry.revocations().pendingOutbound(10)).singleElement().satisfies(outbound -> {
            assertThat(outbound.eventId()).isEqualTo(event);
            assertThat(outbound.serials()).containsExactlyInAnyOrder(first.serialHex(), second.serialHex());
        });
        assertThat(registry.audit().entriesFrom(1, 100)).filteredOn(e -> e.event().action().equals("certificate.revoke"))
                .hasSize(2).allSatisfy(e -> assertThat(e.event().details()).containsEntry("event", event.value()));
    }

    @Test
    void a_revocation_with_nothing_current_is_refused_and_writes_nothing() {
        CertificateRecord expired = new CertificateRecord(nextSerial(), "dev-1", NOW.minus(Duration.ofHours(2)),
                NOW.minus(Duration.ofHours(1)), new byte[] {1}, NOW.minus(Duration.ofHours(2)), Optional.empty());
        registry.commands().issue(new IssueCertificate(expired, new DeviceChange.Attested(NOW, keys()),
                issuedEvent("dev-1"))).join();

        thenFailsWith(RegistryFailure.NOTHING_TO_REVOKE, () -> whenRevoked("dev-1"));
        assertThat(registry.devices().find("dev-1").orElseThrow().state()).isEqualTo(DeviceState.ACTIVE);
        assertThat(registry.revocations().pendingOutbound(10)).isEmpty();
    }

    @Test
    void issuances_racing_a_revocation_leave_no_current_certificate_behind() {
        whenAttested("dev-1");
        List<CompletableFuture<CertificateRecord>> renewals = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            renewals.add(registry.commands().issue(new IssueCertificate(certificate("dev-1"), new DeviceChange.Renewed(NOW),
                    issuedEvent("dev-1"))));
        }
        whenRevoked("dev-1");
        for (int i = 0; i < 20; i++) {
            renewals.add(registry.commands().issue(new IssueCertificate(certificate("dev-1"), new DeviceChange.Renewed(NOW),
                    issuedEvent("dev-1"))));
        }
        renewals.forEach(renewal -> renewal.exceptionally(failure -> null).join());

        assertThat(registry.certificates().findByDevice("dev-1")).isNotEmpty().allMatch(CertificateRecord::isRevoked);
        assertThat(registry.devices().find("dev-1").orElseThrow().state()).isEqualTo(DeviceState.REVOKED);
    }

    @Test
    void an_inbound_revocation_is_applied_once_and_a_replay_changes_nothing() {
        CertificateRecord held = whenAttested("dev-1");
        RevocationRecord remote = new RevocationRecord(RevocationEventId.random(RANDOM), "dev-1",
                RevocationReason.KEY_COMPROMISE, NOW, "operator:bob@gw2", new RevocationOrigin.Gateway("gw2"),
                Optional.empty());

        InboundOutcome first = registry.commands().recordInbound(new InboundRevocation(remote, 1)).join();
        long entries = auditCount();
        InboundOutcome again = registry.commands().recordInbound(new InboundRevocation(remote, 1)).join();

        assertThat(first).isInstanceOfSatisfying(InboundOutcome.Applied.class, applied -> assertThat(
                applied.applied().revoked()).extracting(CertificateRecord::serialHex).containsExactly(held.serialHex()));
        assertThat(again).isEqualTo(new InboundOutcome.AlreadyRecorded(remote.eventId()));
        assertThat(auditCount()).isEqualTo(entries);
        assertThat(registry.revocations().find(remote.eventId())).contains(remote);
        assertThat(registry.revocations().pendingOutbound(10)).as("another gateway's decision is not sent back up").isEmpty();
    }

    @Test
    void an_inbound_revocation_of_a_device_never_seen_here_bars_it_from_enrolling() {
        RevocationRecord remote = new RevocationRecord(RevocationEventId.random(RANDOM), "dev-9",
                RevocationReason.CESSATION_OF_OPERATION, NOW, "operator:bob@gw2", new RevocationOrigin.Gateway("gw2"),
                Optional.empty());

        registry.commands().recordInbound(new InboundRevocation(remote, 1)).join();

        assertThat(registry.devices().find("dev-9").orElseThrow().state()).isEqualTo(DeviceState.REVOKED);
        assertThat(lastAudit().event().action()).isEqualTo("device.revoke");
        thenFailsWith(RegistryFailure.DEVICE_REVOKED, () -> whenAttested("dev-9"));
    }

    @Test
    void a_batch_revokes_each_device_with_a_current_certificate_and_passes_over_the_rest() {
        whenAttested("dev-1");
        whenAttested("dev-2");
        whenAttested("dev-3");
        whenRevoked("dev-2");
        List<RevokeDevice> batch = List.of(revokeCommand("dev-1"), revokeCommand("dev-2"), revokeCommand("dev-3"),
                revokeCommand("dev-never"));

        List<DeviceRevocation> done = registry.commands().revokeAll(batch).join();

        assertThat(done).extracting(d -> d.revocation().deviceId()).containsExactly("dev-1", "dev-3");
        assertThat(registry.directory().currentCertificateCounts(NOW)).isEmpty();
        assertThat(registry.directory().revokedDeviceIds()).containsExactlyInAnyOrder("dev-1", "dev-2", "dev-3");
        assertThat(registry.revocations().pendingPage(10)).extracting(q -> q.revocation().deviceId())
                .containsExactly("dev-2", "dev-1", "dev-3");
    }

    @Test
    void outbox_sequence_numbers_increase_and_delivered_events_leave_the_page() {
        whenAttested("dev-1");
        whenAttested("dev-2");
        whenRevoked("dev-1");
        whenRevoked("dev-2");
        List<QueuedEvent> page = registry.revocations().pendingPage(10);
        assertThat(page).hasSize(2);
        assertThat(page.get(1).sequence()).isGreaterThan(page.get(0).sequence());
        assertThat(registry.revocations().outboxDepth()).isEqualTo(2);
        assertThat(registry.revocations().oldestPending()).contains(NOW);

        int marked = registry.commands().markDelivered(List.of(page.get(0).event().eventId()), NOW).join();

        assertThat(marked).isEqualTo(1);
        assertThat(registry.revocations().pendingPage(10)).extracting(QueuedEvent::sequence).containsExactly(page.get(1).sequence());
        assertThat(registry.revocations().outboxDepth()).isEqualTo(1);
        assertThat(registry.commands().markDelivered(List.of(page.get(0).event().eventId()), NOW).join()).isZero();
    }

    @Test
    void an_inbound_event_reusing_a_known_id_or_sequence_with_other_content_changes_nothing() {
        whenAttested("dev-1");
        whenAttested("dev-2");
        RevocationRecord remote = new RevocationRecord(RevocationEventId.random(RANDOM), "dev-1",
                RevocationReason.KEY_COMPROMISE, NOW, "operator:bob@gw2", new RevocationOrigin.Gateway("gw2"), Optional.empty());
        registry.commands().recordInbound(new InboundRevocation(remote, 7)).join();
        long entries = auditCount();
        RevocationRecord altered = new RevocationRecord(remote.eventId(), "dev-2", remote.reason(), NOW, remote.actor(),
                remote.origin(), Optional.empty());
        RevocationRecord sameSequence = new RevocationRecord(RevocationEventId.random(RANDOM), "dev-2", remote.reason(), NOW,
                remote.actor(), remote.origin(), Optional.empty());

        InboundOutcome replayed = registry.commands().recordInbound(new InboundRevocation(altered, 8)).join();
        InboundOutcome reused = registry.commands().recordInbound(new InboundRevocation(sameSequence, 7)).join();

        assertThat(replayed).isEqualTo(new InboundOutcome.Conflicting(remote.eventId(), "deviceId"));
        assertThat(reused).isEqualTo(new InboundOutcome.Conflicting(sameSequence.eventId(), "originSequence"));
        assertThat(registry.devices().find("dev-2").orElseThrow().state()).isEqualTo(DeviceState.ACTIVE);
        assertThat(auditCount()).isEqualTo(entries);
        assertThat(registry.revocations().lastInboundSequence("gw2")).isEqualTo(7);
        assertThat(registry.revocations().lastInboundSequence("gw3")).isZero();
    }

    @Test
    void devices_labelled_with_a_lot_are_found_by_it_and_the_label_is_audited() {
        whenAttested("dev-1");
        int labelled = registry.commands().assignLot(new AssignLot(List.of("dev-1", "dev-2"), "LOT-7", "local:root", NOW)).join();
        registry.commands().assignLot(new AssignLot(List.of("dev-3"), "LOT-8", "local:root", NOW)).join();

        assertThat(labelled).isEqualTo(2);
        assertThat(registry.directory().deviceIdsInLot("LOT-7")).containsExactly("dev-1", "dev-2");
        assertThat(registry.directory().allDeviceIds()).containsExactly("dev-1");
        assertThat(lastAudit().event().action()).isEqualTo("device.lot");
    }

    @Test
    void a_device_on_hold_is_released_with_its_certificates_and_other_reasons_are_final() {
        CertificateRecord held = whenAttested("dev-h");
        whenAttested("dev-k");
        registry.commands().revoke(new RevokeDevice(RevocationEventId.random(RANDOM), "dev-h", RevocationReason.CERTIFICATE_HOLD,
                NOW, "operator:ann", Optional.empty())).join();
        whenRevoked("dev-k");

        List<CertificateRecord> released = registry.commands().releaseHold(new ReleaseHold("dev-h", NOW, "operator:ann",
                Optional.of("found in the warehouse"))).join();

        assertThat(released).extracting(CertificateRecord::serialHex).containsExactly(held.serialHex());
        assertThat(registry.certificates().findBySerial(held.serialHex()).orElseThrow().isRevoked()).isFalse();
        assertThat(registry.devices().find("dev-h").orElseThrow().state()).isEqualTo(DeviceState.ACTIVE);
        assertThat(lastAudit().event().action()).isEqualTo("certificate.release-hold");
        whenRenewed("dev-h");
        thenFailsWith(RegistryFailure.NOT_ON_HOLD, () -> registry.commands().releaseHold(new ReleaseHold("dev-k", NOW,
                "operator:ann", Optional.empty())).join());
        thenFailsWith(RegistryFailure.NOT_ON_HOLD, () -> registry.commands().releaseHold(new ReleaseHold("dev-h", NOW,
                "operator:ann", Optional.empty())).join());
        assertThat(registry.devices().find("dev-k").orElseThrow().state()).isEqualTo(DeviceState.REVOKED);
    }

    @Test
    void the_revocation_mark_grows_with_each_decision_and_names_only_the_certificates_revoked_since() {
        CertificateRecord first = whenAttested("dev-m1");
        CertificateRecord second = whenAttested("dev-m2");
        whenRevoked("dev-m1");
        long mark = registry.revocations().revocationMark();

        whenRevoked("dev-m2");

        assertThat(registry.revocations().revocationMark()).isGreaterThan(mark);
        assertThat(registry.revocations().certificatesRevokedAfter(mark)).extracting(CertificateRecord::serialHex)
                .containsExactly(second.serialHex()).doesNotContain(first.serialHex());
        assertThat(registry.revocations().certificatesRevokedAfter(registry.revocations().revocationMark())).isEmpty();
    }

    private RevokeDevice revokeCommand(String deviceId) {
        return new RevokeDevice(RevocationEventId.random(RANDOM), deviceId, RevocationReason.KEY_COMPROMISE, NOW,
                "local:root", Optional.empty());
    }

    @Test
    void an_event_id_is_queued_once() {
        OutboundEvent event = new OutboundEvent(RevocationEventId.random(RANDOM), "dev-1", RevocationReason.SUPERSEDED, NOW,
                List.of("abc"), NOW, Optional.empty());
        registry.commands().enqueue(event).join();

        thenFailsWith(RegistryFailure.EVENT_EXISTS, () -> registry.commands().enqueue(event).join());
        assertThat(registry.revocations().pendingOutbound(10)).containsExactly(event);
    }

    @Test
    void every_command_leaves_the_audit_chain_intact() {
        whenAttested("dev-1");
        whenRenewed("dev-1");
        whenRevoked("dev-1");
        thenFailsWith(RegistryFailure.DEVICE_REVOKED, () -> whenRenewed("dev-1"));

        assertThat(new AuditChainVerifier(registry.audit()).verify()).isInstanceOf(ChainVerdict.Intact.class);
    }

    // ----- given / when -----

    protected CertificateRecord whenAttested(String deviceId) {
        return registry.commands().issue(new IssueCertificate(certificate(deviceId), new DeviceChange.Attested(NOW, keys()),
                issuedEvent(deviceId))).join();
    }

    protected CertificateRecord whenRenewed(String deviceId) {
        return registry.commands().issue(new IssueCertificate(certificate(deviceId), new DeviceChange.Renewed(NOW),
                issuedEvent(deviceId))).join();
    }

    protected DeviceRevocation whenRevoked(String deviceId) {
        return registry.commands().revoke(new RevokeDevice(RevocationEventId.random(RANDOM), deviceId,
                RevocationReason.KEY_COMPROMISE, NOW, "operator:test", Optional.empty())).join();
    }

    protected CertificateRecord certificate(String deviceId) {
        return new CertificateRecord(nextSerial(), deviceId, NOW, NOW.plus(Duration.ofHours(24)), new byte[] {1, 2, 3}, NOW,
                Optional.empty());
    }

    private String nextSerial() {
        return Integer.toHexString(serials.incrementAndGet());
    }

    protected static AttestedKeys keys() {
        return new AttestedKeys(Sha256Digest.of(new byte[] {7}), new byte[] {0, 2, 0, 1});
    }

    private static AuditEvent issuedEvent(String deviceId) {
        return AuditEvent.of(NOW, deviceId, "certificate.issue", deviceId, AuditOutcome.SUCCESS, "OK");
    }

    private AuditEntry lastAudit() {
        return registry.audit().head().orElseThrow();
    }

    private long auditCount() {
        return registry.audit().head().map(AuditEntry::sequence).orElse(0L);
    }

    protected static void thenFailsWith(RegistryFailure failure, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(CompletionException.class).cause().isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).failure()).isEqualTo(failure);
    }
}
