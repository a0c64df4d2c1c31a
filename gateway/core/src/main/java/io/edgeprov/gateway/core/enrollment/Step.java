package io.edgeprov.gateway.core.enrollment;

/** The three device-facing steps, with the words audit entries and metrics name them by. */
enum Step {
    BEGIN("begin", "attestation.begin"),
    FINISH("finish", "attestation.finish"),
    RENEW("renew", "certificate.renew");

    private final String metric;
    private final String action;

    Step(String metric, String action) {
        this.metric = metric;
        this.action = action;
    }

    /** The metric label, a fixed lower-case word. */
    String metric() {
        return metric;
    }

    /** The audit action. */
    String action() {
        return action;
    }
}
