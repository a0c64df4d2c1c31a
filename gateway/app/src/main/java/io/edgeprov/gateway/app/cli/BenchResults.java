package io.edgeprov.gateway.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a benchmark's figures as a dated Markdown table and a JSON file. A figure that could not be
 * measured is an empty {@link Optional} and becomes JSON {@code null}, so readers see "not measured"
 * instead of a made-up zero.
 */
final class BenchResults {
    private BenchResults() {
    }

    /** Writes {@code <name>-<stamp>.md} and {@code <name>-latest.json}; returns the table's path. */
    static Path write(Path folder, String name, Map<String, Object> figures) throws IOException {
        return write(folder, name, name + "-latest.json", figures);
    }

    /** Writes {@code <name>-<stamp>.md} and the JSON file named {@code jsonName}; returns the table's path. */
    static Path write(Path folder, String name, String jsonName, Map<String, Object> figures) throws IOException {
        Files.createDirectories(folder);
        String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm"));
        StringBuilder markdown = new StringBuilder("# Benchmark: ").append(name).append(" (").append(stamp).append(" UTC)\n\n")
                .append("| figure | value |\n|---|---|\n");
        for (Map.Entry<String, Object> figure : figures.entrySet()) {
            markdown.append("| ").append(figure.getKey()).append(" | ").append(markdownValue(figure.getValue())).append(" |\n");
        }
        Path table = Files.writeString(folder.resolve(name + "-" + stamp + ".md"), markdown);
        Files.writeString(folder.resolve(jsonName), json(figures));
        return table;
    }

    /** The figures as one flat JSON object, in map order. */
    static String json(Map<String, Object> figures) {
        StringBuilder json = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> figure : figures.entrySet()) {
            json.append("  ").append(quoted(figure.getKey())).append(": ").append(jsonValue(figure.getValue()))
                    .append(++i < figures.size() ? ",\n" : "\n");
        }
        return json.append("}\n").toString();
    }

    private static String jsonValue(Object value) {
        Object plain = value instanceof Optional<?> optional ? optional.orElse(null) : value;
        if (plain == null) {
            return "null";
        }
        if (plain instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return "null";
        }
        if (plain instanceof Number || plain instanceof Boolean) {
            return plain.toString();
        }
        return quoted(plain.toString());
    }

    private static String markdownValue(Object value) {
        Object plain = value instanceof Optional<?> optional ? optional.orElse(null) : value;
        return plain == null ? "n/a" : plain.toString().replace("|", "\\|");
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
