package io.edgeprov.gateway.core.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.audit.InMemoryAuditLog;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OperatorsTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final Sha256Digest ALICE_CERT = Sha256Digest.of(new byte[] {1});

    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final InMemoryOperatorStore store = new InMemoryOperatorStore(audit);
    private final Operators operators = new Operators(store, audit, Clock.fixed(NOW, ZoneOffset.UTC));
    private final Principal root = new Principal.LocalAdministrator("root");

    @Test
    void the_host_administrator_registers_an_operator_who_then_acts_with_their_role() {
        Operators.Registration registration = operators.register(root, "alice", OperatorRole.OPERATOR, ALICE_CERT).join();

        assertThat(registration).isInstanceOf(Operators.Registration.Added.class);
        Principal alice = operators.principalOf(ALICE_CERT).orElseThrow();
        assertThat(alice.actor()).isEqualTo("operator:alice");
        assertThat(alice.may(Permission.REVOKE)).isTrue();
        assertThat(alice.may(Permission.ONBOARD)).as("an operator does not onboard").isFalse();
        assertThat(audit.head().orElseThrow().event().actor()).isEqualTo("local:root");
        assertThat(audit.head().orElseThrow().event().details()).containsEntry("role", "operator");
    }

    @Test
    void a_name_or_certificate_registered_already_is_a_duplicate() {
        operators.register(root, "alice", OperatorRole.OPERATOR, ALICE_CERT).join();

        assertThat(operators.register(root, "alice", OperatorRole.AUDITOR, Sha256Digest.of(new byte[] {2})).join())
                .isInstanceOf(Operators.Registration.Duplicate.class);
        assertThat(operators.register(root, "bob", OperatorRole.AUDITOR, ALICE_CERT).join())
                .isInstanceOf(Operators.Registration.Duplicate.class);
    }

    @Test
    void an_operator_without_the_permission_cannot_register_others_and_the_refusal_is_audited() {
        operators.register(root, "alice", OperatorRole.OPERATOR, ALICE_CERT).join();
        Principal alice = operators.principalOf(ALICE_CERT).orElseThrow();

        assertThat(operators.register(alice, "mallory", OperatorRole.OPERATOR, Sha256Digest.of(new byte[] {3})).join())
                .isInstanceOf(Operators.Registration.NotPermitted.class);
        assertThat(store.findByName("mallory")).isEmpty();
        assertThat(audit.head().orElseThrow().event().outcome()).isEqualTo(AuditOutcome.DENIED);
    }

    @Test
    void a_certificate_of_no_registered_operator_stands_for_nobody() {
        assertThat(operators.principalOf(Sha256Digest.of(new byte[] {4}))).isEmpty();
    }

    @Test
    void each_role_grants_what_the_design_names_and_nothing_else() {
        assertThat(OperatorRole.TECHNICIAN.permissions()).containsExactlyInAnyOrder(Permission.ONBOARD, Permission.APPROVE,
                Permission.VIEW);
        assertThat(OperatorRole.OPERATOR.permissions()).containsExactlyInAnyOrder(Permission.REVOKE, Permission.POLICY,
                Permission.VIEW);
        assertThat(OperatorRole.AUDITOR.permissions()).containsExactlyInAnyOrder(Permission.VIEW, Permission.AUDIT);
    }

    @Test
    void a_disabled_operator_may_do_nothing() {
        Principal disabled = new Principal.RegisteredOperator(new Operator("olga", OperatorRole.OPERATOR, ALICE_CERT, false,
                "local:root", NOW));

        assertThat(Permission.values()).noneMatch(disabled::may);
    }
}
