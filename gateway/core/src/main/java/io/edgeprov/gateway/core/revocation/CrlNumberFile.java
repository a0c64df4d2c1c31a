package io.edgeprov.gateway.core.revocation;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The last CRL number, kept in a small file in the data folder. A file rather than a table keeps the
 * registry schema untouched; a lock file serialises the running gateway and an offline {@code revoke},
 * and the number is written to a temporary file and renamed, so a crash leaves the old or the new
 * number, never a torn one.
 */
public final class CrlNumberFile {
    private static final int MAX_DIGITS = 48;

    private final Path file;
    private final Path lockFile;

    public CrlNumberFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
    }

    public Path file() {
        return file;
    }

    /** The last number handed out, 0 when none was. */
    public BigInteger current() {
        try {
            return read();
        } catch (IOException e) {
            throw new RevocationException(RevocationFailure.CRL_STORAGE_FAILED, "cannot read the CRL number in " + file, e);
        }
    }

    /**
     * Hands out the next number, strictly greater than every earlier one, and persists it before
     * returning, so a CRL signed with it can never be followed by one with a smaller number.
     */
    public BigInteger next() {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            BigInteger next = read().add(BigInteger.ONE);
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(java.nio.ByteBuffer.wrap((next + "\n").getBytes(StandardCharsets.US_ASCII)));
                out.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return next;
        } catch (IOException e) {
            throw new RevocationException(RevocationFailure.CRL_STORAGE_FAILED, "cannot advance the CRL number in " + file, e);
        }
    }

    private BigInteger read() throws IOException {
        if (!Files.exists(file)) {
            return BigInteger.ZERO;
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (text.isEmpty() || text.length() > MAX_DIGITS || !text.chars().allMatch(Character::isDigit)) {
            throw new IOException(file + " does not hold a CRL number (1 to " + MAX_DIGITS + " decimal digits)");
        }
        return new BigInteger(text);
    }
}
