package io.edgeprov.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.edgeprov.contracts.admin.AdminCommand;
import io.edgeprov.contracts.admin.AdminErrorCode;
import io.edgeprov.contracts.admin.AdminRejection;
import io.edgeprov.contracts.admin.AdminReply;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.operator.OperatorRole;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every admin command against every role, without a console or broker: the gateway accepts exactly what the role
 * grants (DESIGN "Admin plane and console"), refuses the rest with NOT_PERMITTED (BREAK_GLASS_REQUIRED for an
 * operator asking for a technician's right), audits each refusal as DENIED, and never calls the use case then.
 */
class AdminRoleTableTest {

    /** The table: what each role may do, written out rather than derived from the code under test. */
    static boolean allowed(OperatorRole role, AdminCommand command) {
        return switch (command) {
            case WHOAMI, BREAK_GLASS_RELEASE, FLEET_PAGE, DEVICE_DETAIL, GROUP_LIST, GROUP_DEVICES, PENDING_LIST, DASHBOARD ->
                    true;
            case ALLOW_DEVICE, BATCH_IMPORT, GROUP_SET_ENABLED, PENDING_DECIDE -> role == OperatorRole.TECHNICIAN;
            case REVOCATION_PREVIEW, REVOKE, BREAK_GLASS_TAKE -> role == OperatorRole.OPERATOR;
            case AUDIT_PAGE, AUDIT_VERIFY -> role == OperatorRole.AUDITOR;
        };
    }

    static Stream<Arguments> table() {
        return Arrays.stream(OperatorRole.values()).flatMap(role -> Arrays.stream(AdminCommand.values())
                .map(command -> Arguments.of(role, command, allowed(role, command))));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("table")
    void the_gateway_answers_each_command_as_the_role_allows(OperatorRole role, AdminCommand command, boolean allowed) {
        AdminPlaneHarness h = new AdminPlaneHarness();
        h.register("person", role);

        Object answer = h.send("person", AdminPlaneHarness.example(command));

        if (allowed) {
            assertThat(answer).as("answer to %s %s", role, command).isInstanceOf(AdminReply.class);
            assertThat(((AdminReply) answer).requestId()).isEqualTo("r-" + command.ordinal());
            return;
        }
        AdminRejection rejection = AdminPlaneHarness.rejection(answer);
        assertThat(rejection.requestId()).isEqualTo("r-" + command.ordinal());
        boolean technicianRight = command == AdminCommand.ALLOW_DEVICE || command == AdminCommand.BATCH_IMPORT
                || command == AdminCommand.GROUP_SET_ENABLED || command == AdminCommand.PENDING_DECIDE;
        assertThat(rejection.code()).isEqualTo(role == OperatorRole.OPERATOR && technicianRight
                ? AdminErrorCode.BREAK_GLASS_REQUIRED : AdminErrorCode.NOT_PERMITTED);
        assertThat(h.audit.entriesFrom(1, 1000)).extracting(AuditEntry::event)
                .anySatisfy(e -> {
                    assertThat(e.actor()).isEqualTo("operator:person");
                    assertThat(e.outcome()).isEqualTo(AuditOutcome.DENIED);
                });
        verify(h.revocations, never()).revoke(any(), any(), any(), any());
        verify(h.revocations, never()).preview(any(), any());
    }
}
