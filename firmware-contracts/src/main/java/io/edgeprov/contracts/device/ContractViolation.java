package io.edgeprov.contracts.device;

import java.util.Objects;

/**
 * A value breaks the wire contract: names the field and the problem. The message never
 * repeats the offending value, only its shape (length, position), so it is safe to log.
 */
public final class ContractViolation extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final WireProblem problem;
    private final String detail;

    public ContractViolation(String field, WireProblem problem, String detail) {
        super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(problem, "problem")
                + " (" + Objects.requireNonNull(detail, "detail") + ")");
        this.field = field;
        this.problem = problem;
        this.detail = detail;
    }

    /** The wire field name (camelCase, with {@code [i]} for list entries), or {@code $} for the whole message. */
    public String field() {
        return field;
    }

    public WireProblem problem() {
        return problem;
    }

    /** What exactly was wrong, without the value itself. */
    public String detail() {
        return detail;
    }
}
