package io.edgeprov.gateway.mqtt.external;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Tells an external Mosquitto to re-read its CRL: SIGHUP to the PID in its pid file. The PID is
 * read on every reload, because whoever runs Mosquitto may have restarted it since.
 */
final class PidFileReload implements Runnable {
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_PID_FILE_BYTES = 64;

    private final Path pidFile;

    PidFileReload(Path pidFile) {
        this.pidFile = Objects.requireNonNull(pidFile, "pidFile");
    }

    /** Whether the pid file exists now; at start the broker may not be up yet, which is not an error. */
    boolean pidFilePresent() {
        return Files.isRegularFile(pidFile);
    }

    /** The PID written in the pid file. */
    long pid() {
        String text;
        try {
            if (Files.size(pidFile) > MAX_PID_FILE_BYTES) {
                throw new IllegalStateException("pid file " + pidFile + " is larger than " + MAX_PID_FILE_BYTES + " bytes");
            }
            text = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("pid file " + pidFile + " does not exist: is Mosquitto running?", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read pid file " + pidFile + ": " + e.getMessage(), e);
        }
        if (!text.matches("[1-9][0-9]{0,9}")) {
            throw new IllegalStateException("pid file " + pidFile + " does not hold a process id (a positive whole number)");
        }
        return Long.parseLong(text);
    }

    @Override
    public void run() {
        long pid = pid();
        try {
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -HUP " + pid + " did not finish within " + KILL_TIMEOUT);
            }
            if (kill.exitValue() != 0) {
                String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                throw new IllegalStateException("kill -HUP " + pid + " (from " + pidFile + ") exited " + kill.exitValue()
                        + (output.isEmpty() ? "" : ": " + output));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill -HUP " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIGHUP to " + pid, e);
        }
    }

    @Override
    public String toString() {
        return "PidFileReload[SIGHUP to the PID in " + pidFile + "]";
    }
}
