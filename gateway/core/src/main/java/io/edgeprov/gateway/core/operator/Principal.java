package io.edgeprov.gateway.core.operator;

import java.util.Locale;
import java.util.Objects;

/**
 * Who asks a use case to act: a registered operator (the admin plane authenticates them by client
 * certificate), or the administrator of the gateway host running the CLI beside the registry. Every use
 * case checks the principal's permission itself, and audits the action under {@link #actor()}.
 */
public sealed interface Principal permits Principal.RegisteredOperator, Principal.BreakGlassOperator,
        Principal.LocalAdministrator {

    /** How audit entries name this principal. */
    String actor();

    /** Whether this principal may do what {@code permission} covers now. */
    boolean may(Permission permission);

    /** A registered operator, acting with their role's permissions while enabled. */
    record RegisteredOperator(Operator operator) implements Principal {
        public RegisteredOperator {
            Objects.requireNonNull(operator, "operator");
        }

        @Override
        public String actor() {
            return operator.actor();
        }

        @Override
        public boolean may(Permission permission) {
            return operator.enabled() && operator.role().permits(permission);
        }
    }

    /**
     * A registered operator holding break-glass: the role's permissions plus {@code granted}, until {@code until}
     * (checked against the clock at each use, so it expires by itself even mid-session). Audited as
     * {@code operator:<name>+break-glass}, so every elevated action stands out in the trail.
     */
    record BreakGlassOperator(Operator operator, java.util.Set<Permission> granted, java.time.Instant until,
            java.time.Clock clock) implements Principal {
        public BreakGlassOperator {
            Objects.requireNonNull(operator, "operator");
            granted = java.util.Set.copyOf(granted);
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(clock, "clock");
        }

        @Override
        public String actor() {
            return operator.actor() + "+break-glass";
        }

        @Override
        public boolean may(Permission permission) {
            if (!operator.enabled()) {
                return false;
            }
            return operator.role().permits(permission) || (granted.contains(permission) && clock.instant().isBefore(until));
        }
    }

    /**
     * The gateway host's administrator at its command line. They can read and write the registry file and
     * the CA key store directly, so no permission is withheld from them; what they do is audited under the
     * operating-system user that ran the command ({@code local:<user>}).
     */
    record LocalAdministrator(String osUser) implements Principal {
        public LocalAdministrator {
            Objects.requireNonNull(osUser, "osUser");
            osUser = osUser.replaceAll("[^A-Za-z0-9._@-]", "_").toLowerCase(Locale.ROOT);
            if (osUser.isEmpty()) {
                osUser = "unknown";
            }
        }

        @Override
        public String actor() {
            return "local:" + osUser;
        }

        @Override
        public boolean may(Permission permission) {
            return true;
        }

        /** The user running this JVM. */
        public static LocalAdministrator current() {
            return new LocalAdministrator(System.getProperty("user.name", "unknown"));
        }
    }
}
