package io.edgeprov.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.edgeprov.contracts.admin.AdminCommand;
import io.edgeprov.contracts.admin.AdminData;
import io.edgeprov.contracts.admin.AdminErrorCode;
import io.edgeprov.contracts.admin.AdminEvent;
import io.edgeprov.contracts.admin.AdminPermission;
import io.edgeprov.contracts.admin.AdminReply;
import io.edgeprov.contracts.admin.AdminRequest;
import io.edgeprov.contracts.admin.AdminTopics;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.operator.Operator;
import io.edgeprov.gateway.core.operator.OperatorRole;
import io.edgeprov.gateway.core.operator.OperatorPlane;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AdminPlaneTest {
    private final AdminPlaneHarness h = new AdminPlaneHarness();

    @Test
    void break_glass_grants_the_technicians_rights_for_its_time_then_expires_by_itself() {
        h.register("olga", OperatorRole.OPERATOR);
        assertThat(AdminPlaneHarness.rejection(h.send("olga", AdminPlaneHarness.example(AdminCommand.ALLOW_DEVICE))).code())
                .isEqualTo(AdminErrorCode.BREAK_GLASS_REQUIRED);
        h.register("watcher", OperatorRole.AUDITOR);
        h.send("watcher", new AdminRequest.WhoAmI("hello"));

        AdminReply.BreakGlassReply taken = (AdminReply.BreakGlassReply) h.send("olga",
                new AdminRequest.BreakGlassTake("bg-1", "line 3 stuck, technician absent", 600));
        assertThat(taken.state().granted()).containsExactly(AdminPermission.ONBOARD, AdminPermission.APPROVE);
        assertThat(h.send("olga", AdminPlaneHarness.example(AdminCommand.ALLOW_DEVICE))).isInstanceOf(AdminReply.AllowDeviceReply.class);
        AdminReply.WhoAmIReply me = (AdminReply.WhoAmIReply) h.send("olga", new AdminRequest.WhoAmI("w"));
        assertThat(me.permissions()).contains(AdminPermission.ONBOARD, AdminPermission.REVOKE);
        assertThat(me.breakGlass()).isNotNull();
        // One alert to each connected operator: olga and the watching auditor.
        assertThat(events(AdminEvent.AlertRaised.class)).hasSize(2)
                .allSatisfy(e -> assertThat(e.alert().kind()).isEqualTo(AdminData.AlertKind.BREAK_GLASS));

        h.clock.advance(Duration.ofSeconds(601));

        assertThat(AdminPlaneHarness.rejection(h.send("olga", new AdminRequest.PendingDecide("p", "SN-9",
                AdminRequest.Decision.APPROVE, null))).code()).isEqualTo(AdminErrorCode.BREAK_GLASS_REQUIRED);
        h.plane.housekeepingNow();
        assertThat(events(AdminEvent.AlertCleared.class)).hasSize(2);
        assertThat(actions()).contains("breakglass.take", "breakglass.expire");
        assertThat(h.audit.entriesFrom(1, 1000)).extracting(AuditEntry::event).filteredOn(e -> e.action().equals("enrollment.add")
                && e.target().equals("SN-2")).singleElement().satisfies(e -> assertThat(e.actor())
                        .isEqualTo("operator:olga+break-glass"));
        assertThat(((AdminReply.WhoAmIReply) h.send("olga", new AdminRequest.WhoAmI("w2"))).breakGlass()).isNull();
    }

    @Test
    void only_an_operator_may_take_break_glass_and_a_release_ends_it_at_once() {
        h.register("tina", OperatorRole.TECHNICIAN);
        h.register("olga", OperatorRole.OPERATOR);

        assertThat(AdminPlaneHarness.rejection(h.send("tina", AdminPlaneHarness.example(AdminCommand.BREAK_GLASS_TAKE))).code())
                .isEqualTo(AdminErrorCode.NOT_PERMITTED);
        h.send("olga", AdminPlaneHarness.example(AdminCommand.BREAK_GLASS_TAKE));
        h.send("olga", new AdminRequest.BreakGlassRelease("rel"));

        assertThat(AdminPlaneHarness.rejection(h.send("olga", AdminPlaneHarness.example(AdminCommand.ALLOW_DEVICE))).code())
                .isEqualTo(AdminErrorCode.BREAK_GLASS_REQUIRED);
        assertThat(actions()).contains("breakglass.release");
    }

    @Test
    void an_operator_cannot_act_on_another_operators_topics() {
        h.register("alice", OperatorRole.TECHNICIAN);
        h.register("bob", OperatorRole.OPERATOR);

        List<OperatorPlane.Grant> grants = h.plane.grants("alice");
        assertThat(grants).extracting(OperatorPlane.Grant::filter).allMatch(f -> f.startsWith("admin/v1/alice/"));
        assertThat(grants).noneMatch(g -> OperatorPlane.covers(g.filter(), AdminTopics.request("bob", AdminCommand.REVOKE)));
        assertThat(grants).noneMatch(g -> OperatorPlane.covers(g.filter(), AdminTopics.events("bob")));
        assertThatThrownBy(() -> h.plane.answer("alice", AdminTopics.request("bob", AdminCommand.REVOKE),
                h.codec.encode((Record) AdminPlaneHarness.example(AdminCommand.REVOKE))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_certificate_connects_only_as_its_own_operator_and_a_disabled_operator_not_at_all() throws Exception {
        TestCertificates certs = new TestCertificates();
        var aliceCert = certs.operator("alice");
        var deviceCert = certs.device("SN-1");
        registerWithCertificate("alice", OperatorRole.TECHNICIAN, aliceCert, true);
        registerWithCertificate("mallory", OperatorRole.OPERATOR, deviceCert, true);
        var bobCert = certs.operator("bob");
        registerWithCertificate("bob", OperatorRole.AUDITOR, bobCert, false);

        assertThat(h.plane.admit("op@alice", aliceCert)).isEqualTo(new OperatorPlane.Admission.Admitted("alice"));
        assertThat(h.plane.admit("op@bob", aliceCert)).isInstanceOf(OperatorPlane.Admission.Refused.class);
        assertThat(h.plane.admit("SN-1", certs.device("SN-2"))).isInstanceOf(OperatorPlane.Admission.NotOperator.class);
        assertThat(h.plane.admit("op@mallory", deviceCert)).isInstanceOfSatisfying(OperatorPlane.Admission.Refused.class,
                r -> assertThat(r.detail()).contains("device"));
        assertThat(h.plane.admit("op@bob", bobCert)).isInstanceOfSatisfying(OperatorPlane.Admission.Refused.class,
                r -> assertThat(r.banned()).isTrue());
    }

    @Test
    void a_request_of_an_operator_disabled_after_connecting_is_refused_and_the_connection_cut() {
        h.register("dora", OperatorRole.AUDITOR, false);

        assertThat(AdminPlaneHarness.rejection(h.send("dora", new AdminRequest.WhoAmI("w"))).code())
                .isEqualTo(AdminErrorCode.OPERATOR_DISABLED);
        assertThat(h.disconnected).containsExactly("op@dora");
    }

    @Test
    void a_storm_of_device_changes_reaches_the_console_as_one_batch_per_flush() {
        h.register("alice", OperatorRole.TECHNICIAN);
        h.send("alice", new AdminRequest.WhoAmI("hello"));
        h.published.clear();

        IntStream.range(0, 5000).forEach(i -> h.plane.devicesChanged(List.of(String.format("SN-%05d", i))));
        h.plane.housekeepingNow();
        h.plane.housekeepingNow();

        List<AdminEvent.DevicesChanged> batches = events(AdminEvent.DevicesChanged.class);
        assertThat(batches).singleElement().satisfies(b -> {
            assertThat(b.deviceIds()).hasSize(5000);
            assertThat(b.overflow()).isFalse();
        });
        IntStream.range(0, 12_000).forEach(i -> h.plane.devicesChanged(List.of(String.format("SN-%05d", i))));
        h.plane.housekeepingNow();
        assertThat(events(AdminEvent.DevicesChanged.class)).hasSize(2).last()
                .satisfies(b -> assertThat(b.overflow()).isTrue());
    }

    @Test
    void a_malformed_request_is_refused_with_its_field_and_no_secret_reaches_logs_audit_or_the_answer() {
        Logger logger = (Logger) LoggerFactory.getLogger("io.edgeprov");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Level previous = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logs.start();
        logger.addAppender(logs);
        try {
            h.register("tina", OperatorRole.TECHNICIAN);
            String secret = "hunter2-S3CRET-passw0rd";
            byte[] payload = ("{\"requestId\":\"r-1\",\"deviceId\":\"SN-1\",\"ekSha256\":\"" + secret + "\"}")
                    .getBytes(StandardCharsets.UTF_8);

            OperatorPlane.Outgoing out = h.plane.answer("tina", AdminTopics.request("tina", AdminCommand.ALLOW_DEVICE), payload);
            var rejection = AdminPlaneHarness.rejection(h.decode("tina", AdminCommand.ALLOW_DEVICE, out));
            h.send("tina", new AdminRequest.BatchImport("r-2", "SN-5," + secret + "\n", false));

            assertThat(rejection.code()).isEqualTo(AdminErrorCode.MALFORMED);
            assertThat(rejection.requestId()).isEqualTo("r-1");
            assertThat(rejection.detail()).startsWith("ekSha256 BAD_FORMAT").doesNotContain(secret);
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains(secret));
            assertThat(h.audit.entriesFrom(1, 1000)).extracting(AuditEntry::event).extracting(AuditEvent::toString)
                    .noneMatch(e -> e.contains(secret));
            assertThat(h.published).noneMatch(p -> new String(p.payload(), StandardCharsets.UTF_8).contains(secret));
        } finally {
            logger.detachAppender(logs);
            logger.setLevel(previous);
        }
    }

    @Test
    void a_revocation_whose_selection_changed_since_the_preview_revokes_nothing() {
        h.register("olga", OperatorRole.OPERATOR);

        var answer = h.send("olga", new AdminRequest.Revoke("r", AdminData.RevocationTarget.lot("L-1"),
                io.edgeprov.contracts.device.RevocationReason.KEY_COMPROMISE, null, 7));

        assertThat(AdminPlaneHarness.rejection(answer).code()).isEqualTo(AdminErrorCode.COUNT_CHANGED);
        org.mockito.Mockito.verify(h.revocations, org.mockito.Mockito.never()).revoke(org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any());
    }

    private void registerWithCertificate(String name, OperatorRole role, java.security.cert.X509Certificate cert,
            boolean enabled) throws Exception {
        Operator operator = new Operator(name, role, io.edgeprov.gateway.core.registry.value.Sha256Digest.of(cert.getEncoded()),
                enabled, "local:test", h.clock.instant());
        h.operators.add(operator, AuditEvent.of(h.clock.instant(), "local:test", "operator.add", operator.actor(),
                io.edgeprov.gateway.core.audit.AuditOutcome.SUCCESS, "OK")).join();
    }

    private List<String> actions() {
        return h.audit.entriesFrom(1, 1000).stream().map(e -> e.event().action()).toList();
    }

    private <T extends AdminEvent> List<T> events(Class<T> type) {
        List<T> found = new ArrayList<>();
        for (OperatorPlane.Outgoing p : h.published) {
            if (p.topic().endsWith("/events")) {
                h.codec.decodeEvent(p.payload()).decoded().filter(type::isInstance).map(type::cast).ifPresent(found::add);
            }
        }
        return found;
    }
}
