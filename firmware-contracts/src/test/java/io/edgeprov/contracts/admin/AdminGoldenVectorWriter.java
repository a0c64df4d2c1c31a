package io.edgeprov.contracts.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the admin golden vectors: run {@code main} with the target folder
 * ({@code firmware-contracts/src/test/resources/admin-golden}) after a deliberate contract change.
 */
public final class AdminGoldenVectorWriter {
    private AdminGoldenVectorWriter() {
    }

    public static void main(String[] args) throws IOException {
        write(Path.of(args.length > 0 ? args[0] : "firmware-contracts/src/test/resources/admin-golden"));
    }

    static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        AdminCodec codec = new AdminCodec();
        for (Map.Entry<String, Record> e : AdminExamples.all().entrySet()) {
            Files.write(dir.resolve(e.getKey() + ".json"), codec.encode(e.getValue()));
        }
    }
}
