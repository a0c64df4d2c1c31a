package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the migrations listed in {@code db/migration/migrations.txt}. A listing, rather than scanning the
 * folder, works the same from a directory and from inside the gateway jar.
 */
public final class ClasspathMigrations {

    /** Folder of the migration scripts on the class path. */
    public static final String FOLDER = "db/migration/";

    private ClasspathMigrations() {
    }

    /** The gateway's own migrations, checked to be numbered 1, 2, 3... in listing order. */
    public static List<Migration> load() {
        ClassLoader loader = ClasspathMigrations.class.getClassLoader();
        List<Migration> migrations = new ArrayList<>();
        for (String line : read(loader, FOLDER + "migrations.txt").split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            migrations.add(Migration.fromFile(name, read(loader, FOLDER + name)));
        }
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new RegistryException(RegistryFailure.MIGRATION_FAILED, "migration listing must number V1, V2,"
                        + " ... without gaps; entry " + (i + 1) + " is V" + migrations.get(i).version());
            }
        }
        return List.copyOf(migrations);
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new RegistryException(RegistryFailure.MIGRATION_FAILED,
                        "migration resource " + resource + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RegistryException(RegistryFailure.MIGRATION_FAILED, "cannot read " + resource, e);
        }
    }
}
