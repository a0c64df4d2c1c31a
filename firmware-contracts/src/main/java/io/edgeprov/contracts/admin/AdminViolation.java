package io.edgeprov.contracts.admin;

import java.util.Objects;

/**
 * A value that breaks the admin contract: thrown by record constructors, turned into a {@code Malformed}
 * by the codec. The message names the field and the problem, never the offending value.
 */
public final class AdminViolation extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final AdminProblem problem;
    private final String detail;

    public AdminViolation(String field, AdminProblem problem, String detail) {
        super(field + ": " + problem + " (" + detail + ")");
        this.field = Objects.requireNonNull(field, "field");
        this.problem = Objects.requireNonNull(problem, "problem");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    public String field() {
        return field;
    }

    public AdminProblem problem() {
        return problem;
    }

    public String detail() {
        return detail;
    }
}
