package io.edgeprov.pki.tpm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads committed test fixtures from src/test/resources/tpm. */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] swtpm(String name) {
        return read("/tpm/swtpm/" + name);
    }

    static byte[] read(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
