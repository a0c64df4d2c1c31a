package io.edgeprov.gateway.core.revocation;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * The last CRL number, kept in a small file in the data folder. A file rather than a table keeps the
 * registry schema untouched; a lock file serialises the running gateway and an offline {@code revoke},
 * and the number is written to a temporary file and renamed, so a crash leaves the old or the new
 * number, never a torn one.
 *
 * <p>A file lock is held per JVM, not per thread or instance: a second {@link #next()} in the same JVM
 * (the {@code revoke} command run inside a process that also hosts the gateway, as tests and embedders
 * do) is refused by the JDK with {@link OverlappingFileLockException} instead of waiting. That case waits
 * here, briefly, as another process would wait in {@link FileChannel#lock()}.
 */
public final class CrlNumberFile {
    private static final int MAX_DIGITS = 48;
    private static final Duration IN_JVM_WAIT = Duration.ofSeconds(10);
    private static final Duration IN_JVM_RETRY = Duration.ofMillis(2);

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
    public synchronized BigInteger next() {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockAcrossThisJvm(channel)) {
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

    private FileLock lockAcrossThisJvm(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + IN_JVM_WAIT.toNanos();
        while (true) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException heldInThisJvm) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("the CRL number lock " + lockFile + " stayed held in this process for "
                            + IN_JVM_WAIT.toSeconds() + " s", heldInThisJvm);
                }
                LockSupport.parkNanos(IN_JVM_RETRY.toNanos());
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted waiting for the CRL number lock " + lockFile, heldInThisJvm);
                }
            }
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
