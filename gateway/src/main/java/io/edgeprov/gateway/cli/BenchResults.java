package io.edgeprov.gateway.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Writes a benchmark's figures as a dated Markdown table and a {@code <name>-latest.json}. */
final class BenchResults {
    private BenchResults() {
    }

    static Path write(Path folder, String name, Map<String, Object> figures) throws IOException {
        Files.createDirectories(folder);
        String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm"));
        StringBuilder markdown = new StringBuilder("# Benchmark: ").append(name).append(" (").append(stamp).append(" UTC)\n\n")
                .append("| figure | value |\n|---|---|\n");
        StringBuilder json = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> figure : figures.entrySet()) {
            markdown.append("| ").append(figure.getKey()).append(" | ").append(figure.getValue()).append(" |\n");
            Object value = figure.getValue();
            String encoded = value instanceof Number ? value.toString() : "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            json.append("  \"").append(figure.getKey()).append("\": ").append(encoded).append(++i < figures.size() ? ",\n" : "\n");
        }
        json.append("}\n");
        Path table = Files.writeString(folder.resolve(name + "-" + stamp + ".md"), markdown);
        Files.writeString(folder.resolve(name + "-latest.json"), json);
        return table;
    }
}
