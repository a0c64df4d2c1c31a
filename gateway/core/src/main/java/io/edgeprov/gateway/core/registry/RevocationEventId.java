package io.edgeprov.gateway.core.registry;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The fleet-wide identity of one revocation decision: what makes a replayed sync event harmless.
 * 128 random bits in lower-case hex, or (for revocations recorded before schema V5) a derived id.
 */
public record RevocationEventId(String value) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

    public RevocationEventId {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("an event id is 8 to 128 characters of [A-Za-z0-9._:-]");
        }
    }

    public static RevocationEventId random(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return new RevocationEventId(HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
