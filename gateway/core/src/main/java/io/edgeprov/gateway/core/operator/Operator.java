package io.edgeprov.gateway.core.operator;

import io.edgeprov.gateway.core.registry.value.Checks;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A person the gateway knows: identified by the SHA-256 fingerprint of their client certificate (DER),
 * named for the audit trail, holding one role.
 *
 * @param name a short login-like name, unique ({@code alice}, {@code line3.tech})
 * @param role what they may do
 * @param certificateSha256 SHA-256 of their client certificate's DER, unique
 * @param enabled whether they may act now
 * @param addedBy who registered them
 * @param addedAt when (stored to the millisecond)
 */
public record Operator(String name, OperatorRole role, Sha256Digest certificateSha256, boolean enabled, String addedBy,
        Instant addedAt) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

    public Operator {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an operator name is 1 to 64 characters of [a-z0-9._@-], starting with a"
                    + " letter or digit");
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(certificateSha256, "certificateSha256");
        Checks.text(addedBy, "addedBy", 256);
        addedAt = Checks.millis(addedAt, "addedAt");
    }

    /** How audit entries name them. */
    public String actor() {
        return "operator:" + name;
    }

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
