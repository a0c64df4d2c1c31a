package io.edgeprov.gateway.core.operator;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The roles people hold (DESIGN "Admin plane and console"), each with the permissions it grants. */
public enum OperatorRole {
    /** Factory technicians: onboard and approve devices, view the fleet. */
    TECHNICIAN(EnumSet.of(Permission.ONBOARD, Permission.APPROVE, Permission.VIEW)),
    /** Fleet operators: revoke devices, change policy, view the fleet. */
    OPERATOR(EnumSet.of(Permission.REVOKE, Permission.POLICY, Permission.VIEW)),
    /** Auditors: view the fleet and the audit trail, verify the chain. */
    AUDITOR(EnumSet.of(Permission.VIEW, Permission.AUDIT));

    private final Set<Permission> permissions;

    OperatorRole(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    public boolean permits(Permission permission) {
        return permissions.contains(permission);
    }

    public Set<Permission> permissions() {
        return permissions;
    }

    /** The lower-case word the CLI and the registry use ({@code technician}). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #word()} or the constant name. */
    public static Optional<OperatorRole> fromWord(String word) {
        if (word == null) {
            return Optional.empty();
        }
        for (OperatorRole role : values()) {
            if (role.word().equals(word.toLowerCase(Locale.ROOT))) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
