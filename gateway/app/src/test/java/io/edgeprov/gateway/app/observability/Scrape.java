package io.edgeprov.gateway.app.observability;

import java.util.Optional;

/** One Prometheus text exposition, read the way a test asks about it: one sample by name and labels. */
public final class Scrape {
    private final String text;

    private Scrape(String text) {
        this.text = text;
    }

    public static Scrape of(String text) {
        return new Scrape(text);
    }

    /**
     * The sample named {@code name} whose label set is exactly {@code labels} as written in the
     * exposition (for example {@code kind="publish_not_permitted"}, or empty for none).
     */
    public Optional<Double> sample(String name, String labels) {
        String prefix = labels.isEmpty() ? name + " " : name + "{" + labels + "} ";
        return text.lines().filter(line -> line.startsWith(prefix))
                .map(line -> Double.parseDouble(line.substring(prefix.length()).trim().split(" ")[0]))
                .findFirst();
    }

    /** A counter's value; a counter not yet exposed has counted nothing. */
    public double counter(String name, String labels) {
        return sample(name, labels).orElse(0.0);
    }

    /** The number of attempts of one kind, e.g. {@code unauthorized("publish_not_permitted")}. */
    public double unauthorized(String kind) {
        return counter("edgeprov_unauthorized_attempts_total", "kind=\"" + kind + "\"");
    }

    /** A gauge's value; fails when the gauge is not exposed at all. */
    public double gauge(String name) {
        return sample(name, "").orElseThrow(() -> new AssertionError("no gauge " + name + " in:\n" + text));
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
