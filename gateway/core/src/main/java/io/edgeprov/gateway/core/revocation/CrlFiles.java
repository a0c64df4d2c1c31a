package io.edgeprov.gateway.core.revocation;

import io.edgeprov.pki.crl.SignedCrl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Objects;

/**
 * The current CRL as {@code crl.der} and {@code crl.pem} in the data folder, for an HTTP server or
 * Mosquitto's {@code crlfile}. Each is replaced by rename, so a reader never sees half a CRL.
 */
public final class CrlFiles {
    public static final String DER_NAME = "crl.der";
    public static final String PEM_NAME = "crl.pem";

    private final Path folder;

    public CrlFiles(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder");
    }

    public Path der() {
        return folder.resolve(DER_NAME);
    }

    public Path pem() {
        return folder.resolve(PEM_NAME);
    }

    /** Writes both files; the DER one last, since it is what the gateway reads back. */
    public void write(SignedCrl crl) {
        byte[] der = crl.der();
        String pem = "-----BEGIN X509 CRL-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END X509 CRL-----\n";
        try {
            replace(pem(), pem.getBytes(StandardCharsets.US_ASCII));
            replace(der(), der);
        } catch (IOException e) {
            throw new RevocationException(RevocationFailure.CRL_STORAGE_FAILED, "cannot write the CRL to " + folder, e);
        }
    }

    private static void replace(Path target, byte[] bytes) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(temporary, bytes);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
