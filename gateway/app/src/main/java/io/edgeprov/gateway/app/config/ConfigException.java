package io.edgeprov.gateway.app.config;

import java.util.List;

/** The configuration file was refused; {@link #problems()} names every bad key and what is allowed. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(source + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
