package io.edgeprov.gateway.registry.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationTest {
    /** The version the gateway ships, and the one a test adds on top of it. */
    private static final int LATEST = ClasspathMigrations.load().size();
    private static final String NEXT = "V" + (LATEST + 1);

    @TempDir
    Path folder;

    private RegistryFixture fixture;

    @BeforeEach
    void create_fixture() {
        fixture = new RegistryFixture(folder);
    }

    @AfterEach
    void close_fixture() throws InterruptedException {
        fixture.close();
    }

    @Test
    void a_new_database_is_migrated_to_the_latest_version_and_records_it() throws Exception {
        try (SqliteRegistry registry = fixture.open()) {
            assertThat(registry.schemaVersion()).isEqualTo(ClasspathMigrations.load().size());
        }
        assertThat(fixture.rawLong("SELECT max(version) FROM schema_version WHERE description <> ?", ""))
                .isEqualTo(ClasspathMigrations.load().size());
    }

    @Test
    void the_gateway_ships_its_migrations_numbered_from_one() {
        assertThat(ClasspathMigrations.load()).extracting(Migration::version).startsWith(1);
    }

    @Test
    void a_later_migration_is_applied_on_reopen_after_the_earlier_ones_and_only_once() throws Exception {
        fixture.open().close();

        try (SqliteRegistry registry = fixture.open(withExtra(NEXT + "__note_table.sql",
                "CREATE TABLE note (text TEXT NOT NULL); INSERT INTO note (text) VALUES ('from V3');"))) {
            assertThat(registry.schemaVersion()).isEqualTo(LATEST + 1);
        }
        fixture.open(withExtra(NEXT + "__note_table.sql",
                "CREATE TABLE note (text TEXT NOT NULL); INSERT INTO note (text) VALUES ('from V3');")).close();

        assertThat(fixture.rawLong("SELECT count(*) FROM note WHERE text = ?", "from V3")).isEqualTo(1);
    }

    @Test
    void a_database_newer_than_the_code_is_refused_naming_both_versions() throws Exception {
        fixture.open().close();
        fixture.rawUpdate("INSERT INTO schema_version (version, description, checksum, applied_at)"
                + " VALUES (99, 'future', 'x', '2030-01-01T00:00:00Z')");

        assertThatThrownBy(fixture::open).isInstanceOf(RegistryException.class)
                .hasMessageContaining("schema version 99 is newer than this gateway understands (" + LATEST + ")")
                .extracting(e -> ((RegistryException) e).failure()).isEqualTo(RegistryFailure.SCHEMA_NEWER_THAN_CODE);
    }

    @Test
    void a_failing_migration_is_rolled_back_entirely() throws Exception {
        fixture.open().close();

        assertThatThrownBy(() -> fixture.open(withExtra(NEXT + "__half_done.sql",
                "CREATE TABLE half (x INTEGER); INSERT INTO missing_table VALUES (1);")))
                .isInstanceOf(RegistryException.class).hasMessageContaining(NEXT + " (half_done) failed and was rolled back");

        assertThat(fixture.rawLong("SELECT count(*) FROM sqlite_master WHERE name = ?", "half")).isZero();
        assertThat(fixture.rawLong("SELECT count(*) FROM schema_version WHERE version > " + LATEST + " AND checksum <> ?", ""))
                .isZero();
    }

    @Test
    void an_applied_migration_edited_afterwards_is_refused() throws Exception {
        fixture.open(withExtra(NEXT + "__note_table.sql", "CREATE TABLE note (text TEXT);")).close();

        assertThatThrownBy(() -> fixture.open(withExtra(NEXT + "__note_table.sql", "CREATE TABLE note (body TEXT);")))
                .isInstanceOf(RegistryException.class).hasMessageContaining(NEXT + " (note_table) was changed");
    }

    @Test
    void a_migration_file_name_without_version_is_rejected() {
        assertThatThrownBy(() -> Migration.fromFile("add_table.sql", "SELECT 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("V<version>__");
    }

    private static List<Migration> withExtra(String fileName, String sql) {
        List<Migration> migrations = new ArrayList<>(ClasspathMigrations.load());
        migrations.add(Migration.fromFile(fileName, sql));
        return migrations;
    }
}
