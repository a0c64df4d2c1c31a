package io.edgeprov.pki.tpm;

import java.util.Objects;

/**
 * A TPM structure could not be read or built: names the offending field (in TPM 2.0 Part 2
 * spelling, e.g. {@code TPMT_PUBLIC.unique.rsa}) and what was wrong with it. Messages carry
 * sizes and ids only, never key material or secrets.
 */
public final class TpmFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String problem;

    public TpmFormatException(String field, String problem) {
        super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(problem, "problem"));
        this.field = field;
        this.problem = problem;
    }

    public TpmFormatException(String field, String problem, Throwable cause) {
        this(field, problem);
        initCause(cause);
    }

    /** The structure field that was refused. */
    public String field() {
        return field;
    }

    /** What was wrong with it. */
    public String problem() {
        return problem;
    }
}
