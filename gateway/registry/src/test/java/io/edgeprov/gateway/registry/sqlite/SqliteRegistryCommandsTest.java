package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.registry.RegistryCommandsContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The registry commands' contract over SQLite, where each command is one savepoint of a group commit. */
class SqliteRegistryCommandsTest extends RegistryCommandsContract {
    @TempDir
    Path folder;

    @Override
    protected Registry open() {
        RegistryFixture fixture = new RegistryFixture(folder);
        SqliteRegistry sqlite = fixture.open();
        return new Registry(sqlite.commands(), sqlite.devices(), sqlite.certificates(), sqlite.auditLog(),
                sqlite.revocations(), sqlite.directory(), () -> {
                    sqlite.close();
                    fixture.close();
                });
    }
}
