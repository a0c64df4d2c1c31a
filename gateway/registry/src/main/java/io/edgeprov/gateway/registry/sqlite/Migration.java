package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned schema migration script.
 *
 * @param version its version, from 1
 * @param description what it does, from the file name
 * @param sql the script, possibly several statements
 */
public record Migration(int version, String description, String sql) {

    private static final Pattern FILE_NAME = Pattern.compile("V([1-9][0-9]{0,5})__([a-z0-9_]+)\\.sql");

    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be at least 1, got " + version);
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(sql, "sql");
        if (sql.isBlank()) {
            throw new IllegalArgumentException("migration V" + version + " is empty");
        }
    }

    /** Parses a file named {@code V<version>__<description>.sql}. */
    public static Migration fromFile(String fileName, String sql) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException("migration file name '" + fileName
                    + "' does not match V<version>__<lower_case_description>.sql");
        }
        return new Migration(Integer.parseInt(m.group(1)), m.group(2), sql);
    }

    /** Hex SHA-256 of the script, recorded when applied so a later edit is noticed. */
    public String checksum() {
        return Sha256Digest.of(sql.getBytes(StandardCharsets.UTF_8)).hex();
    }
}
