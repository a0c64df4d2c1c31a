package io.edgeprov.gateway.admin;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.edgeprov.contracts.admin.AdminCodec;
import io.edgeprov.contracts.admin.AdminCommand;
import io.edgeprov.contracts.admin.AdminData;
import io.edgeprov.contracts.admin.AdminRejection;
import io.edgeprov.contracts.admin.AdminReply;
import io.edgeprov.contracts.admin.AdminRequest;
import io.edgeprov.contracts.admin.AdminTopics;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.InMemoryAuditLog;
import io.edgeprov.gateway.core.fleet.DeviceSummary;
import io.edgeprov.gateway.core.fleet.FleetQueries;
import io.edgeprov.gateway.core.fleet.Page;
import io.edgeprov.gateway.core.fleet.PendingDevice;
import io.edgeprov.gateway.core.fleet.PendingDevices;
import io.edgeprov.gateway.core.identity.MutableClock;
import io.edgeprov.gateway.core.onboarding.OnboardDevices;
import io.edgeprov.gateway.core.onboarding.PendingApprovals;
import io.edgeprov.gateway.core.operator.InMemoryOperatorStore;
import io.edgeprov.gateway.core.operator.Operator;
import io.edgeprov.gateway.core.operator.OperatorRole;
import io.edgeprov.gateway.core.registry.CertificateStore;
import io.edgeprov.gateway.core.registry.DeviceState;
import io.edgeprov.gateway.core.registry.InMemoryDeviceStore;
import io.edgeprov.gateway.core.registry.InMemoryEnrollmentStore;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import io.edgeprov.gateway.core.revocation.BatchRevocationOutcome;
import io.edgeprov.gateway.core.revocation.RevocationPreview;
import io.edgeprov.gateway.core.revocation.RevocationTarget;
import io.edgeprov.gateway.core.operator.OperatorPlane;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An admin plane over real in-memory stores and use cases (operators, audit, enrollments, onboarding, approvals),
 * with Mockito standing in only for the SQL read model, the pending store, certificates and revocation.
 */
final class AdminPlaneHarness {
    static final String EK = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    final MutableClock clock = new MutableClock().freeze();
    final InMemoryAuditLog audit = new InMemoryAuditLog();
    final InMemoryOperatorStore operators = new InMemoryOperatorStore(audit);
    final InMemoryEnrollmentStore enrollments = new InMemoryEnrollmentStore(audit);
    final InMemoryDeviceStore devices = new InMemoryDeviceStore();
    final FleetQueries fleet = mock(FleetQueries.class);
    final PendingDevices pending = mock(PendingDevices.class);
    final CertificateStore certificates = mock(CertificateStore.class);
    final Revocations revocations = mock(Revocations.class);
    final AdminCodec codec = new AdminCodec();
    final List<OperatorPlane.Outgoing> published = new CopyOnWriteArrayList<>();
    final List<String> disconnected = new CopyOnWriteArrayList<>();
    final AdminPlane plane;

    AdminPlaneHarness() {
        DeviceSummary summary = new DeviceSummary("SN-1", DeviceState.ACTIVE, Optional.of("L-1"), Optional.of("group-acme"),
                Optional.empty(), Optional.empty(), 0);
        when(fleet.devices(any())).thenReturn(new Page<>(List.of(summary), 1, Optional.empty()));
        when(fleet.device(anyString())).thenReturn(Optional.of(summary));
        when(fleet.admittedBy(anyString(), any(), anyInt())).thenReturn(new Page<>(List.of(summary), 1, Optional.empty()));
        when(fleet.admittedCounts()).thenReturn(Map.of("group-acme", 1L));
        when(fleet.audit(any())).thenReturn(List.<AuditEntry>of());
        when(fleet.deviceIds(any(), anyInt())).thenReturn(List.of("SN-1"));
        when(fleet.issuancePerMinute(any())).thenReturn(List.of());
        when(fleet.refusalsSince(any())).thenReturn(Map.of());
        when(pending.find(anyString())).thenReturn(Optional.of(new PendingDevice("SN-9", Sha256Digest.fromHex(EK.replace('9', '8')),
                "infineon", Instant.EPOCH, Instant.EPOCH, 1)));
        when(pending.page(any(), anyInt())).thenReturn(List.of());
        when(pending.remove(anyString(), any())).thenReturn(CompletableFuture.completedFuture(true));
        when(certificates.findByDevice(anyString())).thenReturn(List.of());
        when(revocations.preview(any(), any())).thenAnswer(call -> new RevocationPreview(call.getArgument(1), List.of("SN-1"),
                1, 0, 0, 0));
        when(revocations.revoke(any(), any(), any(), any())).thenAnswer(call -> new BatchRevocationOutcome(
                new RevocationPreview(call.getArgument(1), List.of("SN-1"), 1, 0, 0, 0), List.of(), Optional.empty(),
                Duration.ZERO));
        OnboardDevices onboarding = new OnboardDevices(enrollments, devices, audit, clock);
        plane = AdminPlane.builder().operators(operators).auditLog(audit).clock(clock).fleet(fleet).pending(pending)
                .approvals(new PendingApprovals(pending, enrollments, devices, audit, clock)).onboarding(onboarding)
                .enrollments(enrollments).certificates(certificates).revocations(revocations).withoutTimers().build();
        plane.attach(new OperatorPlane.Outbox() {
            @Override
            public CompletableFuture<Void> publish(String topic, byte[] payload) {
                published.add(new OperatorPlane.Outgoing(topic, payload));
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Boolean> disconnect(String clientId, String reason) {
                disconnected.add(clientId);
                return CompletableFuture.completedFuture(true);
            }
        });
        onboarding.allowGroup(io.edgeprov.gateway.core.operator.Principal.LocalAdministrator.current(), "acme", "SN-.*", 1)
                .join();
    }

    Operator register(String name, OperatorRole role) {
        return register(name, role, true);
    }

    Operator register(String name, OperatorRole role, boolean enabled) {
        Operator operator = new Operator(name, role, Sha256Digest.of(name.getBytes()), enabled, "local:test", clock.instant());
        operators.add(operator, io.edgeprov.gateway.core.audit.AuditEvent.of(clock.instant(), "local:test", "operator.add",
                operator.actor(), io.edgeprov.gateway.core.audit.AuditOutcome.SUCCESS, "OK")).join();
        return operator;
    }

    /** Sends one request as {@code operatorId} on its own topic; the answer decoded. */
    Object send(String operatorId, AdminRequest request) {
        AdminCommand command = AdminCommand.of(request);
        OperatorPlane.Outgoing out = plane.answer(operatorId, AdminTopics.request(operatorId, command),
                codec.encode((Record) request));
        return decode(operatorId, command, out);
    }

    Object decode(String operatorId, AdminCommand command, OperatorPlane.Outgoing out) {
        if (out.topic().equals(AdminTopics.rejected(operatorId, command))) {
            return codec.decodeRejection(out.payload()).decoded().orElseThrow();
        }
        if (!out.topic().equals(AdminTopics.accepted(operatorId, command))) {
            throw new AssertionError("answer on an unexpected topic " + out.topic());
        }
        AdminReply reply = codec.decodeReply(command, out.payload()).decoded().orElseThrow();
        return reply;
    }

    static AdminRejection rejection(Object answer) {
        if (answer instanceof AdminRejection r) {
            return r;
        }
        throw new AssertionError("expected a rejection, got " + answer);
    }

    /** A valid request of every command, as a console would send it. */
    static AdminRequest example(AdminCommand command) {
        String id = "r-" + command.ordinal();
        return switch (command) {
            case WHOAMI -> new AdminRequest.WhoAmI(id);
            case FLEET_PAGE -> new AdminRequest.FleetPage(id, AdminData.FleetFilter.all(), AdminData.FleetSort.DEVICE_ID, false,
                    null, 100);
            case DEVICE_DETAIL -> new AdminRequest.DeviceDetail(id, "SN-1");
            case ALLOW_DEVICE -> new AdminRequest.AllowDevice(id, "SN-2", EK);
            case BATCH_IMPORT -> new AdminRequest.BatchImport(id, "serial,ek_sha256\nSN-3," + EK.replace('f', 'e') + "\n", true);
            case GROUP_LIST -> new AdminRequest.GroupList(id);
            case GROUP_SET_ENABLED -> new AdminRequest.GroupSetEnabled(id, "group-acme", false);
            case GROUP_DEVICES -> new AdminRequest.GroupDevices(id, "group-acme", null, 50);
            case PENDING_LIST -> new AdminRequest.PendingList(id, null, 50);
            case PENDING_DECIDE -> new AdminRequest.PendingDecide(id, "SN-9", AdminRequest.Decision.APPROVE, null);
            case REVOCATION_PREVIEW -> new AdminRequest.RevocationPreview(id, AdminData.RevocationTarget.device("SN-1"));
            case REVOKE -> new AdminRequest.Revoke(id, AdminData.RevocationTarget.device("SN-1"), RevocationReason.KEY_COMPROMISE,
                    "bench leak", 1);
            case AUDIT_PAGE -> new AdminRequest.AuditPage(id, null, null, null, null, null, null, 100);
            case AUDIT_VERIFY -> new AdminRequest.AuditVerify(id);
            case DASHBOARD -> new AdminRequest.Dashboard(id);
            case BREAK_GLASS_TAKE -> new AdminRequest.BreakGlassTake(id, "line 3 stuck, technician absent", 600);
            case BREAK_GLASS_RELEASE -> new AdminRequest.BreakGlassRelease(id);
        };
    }

    List<String> publishedTopics() {
        List<String> topics = new ArrayList<>();
        published.forEach(p -> topics.add(p.topic()));
        return topics;
    }
}
