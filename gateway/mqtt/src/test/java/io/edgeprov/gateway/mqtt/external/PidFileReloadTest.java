package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileReloadTest {
    /** Exit status of the listener once its HUP handler ran. */
    private static final int TRAPPED = 7;
    /**
     * Perl, not sh: a shell cannot trap a signal that was ignored when it started (a gateway under
     * nohup passes SIGHUP ignored to its children), while perl's handler replaces the inherited
     * disposition. It says "ready" once the handler is set, so the signal never arrives before it.
     */
    private static final String HUP_LISTENER = "$SIG{HUP} = sub { exit 7 }; $| = 1; print \"ready\\n\"; sleep 1 while 1;";

    @TempDir
    Path folder;
    private Process listener;

    @AfterEach
    void stop_the_listener() throws Exception {
        if (listener != null) {
            ProcessHandle.of(listener.pid()).ifPresent(ProcessHandle::destroyForcibly);
            listener.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void reload_sends_sighup_to_the_pid_in_the_file() throws Exception {
        listener = new ProcessBuilder("perl", "-e", HUP_LISTENER).start();
        var output = new java.io.BufferedReader(new java.io.InputStreamReader(listener.getInputStream(),
                java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(output.readLine()).as("the listener set its HUP handler").isEqualTo("ready");
        Path pidFile = Files.writeString(folder.resolve("mosquitto.pid"), listener.pid() + "\n");

        new PidFileReload(pidFile).run();

        assertThat(listener.waitFor(10, TimeUnit.SECONDS)).as("the process ended after SIGHUP").isTrue();
        assertThat(listener.exitValue()).isEqualTo(TRAPPED);
    }

    @Test
    void missing_pid_file_is_named_as_missing() {
        Path pidFile = folder.resolve("absent.pid");

        assertThatThrownBy(() -> new PidFileReload(pidFile).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(pidFile.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void pid_file_without_a_process_id_is_refused_without_signalling_anything() throws Exception {
        Path pidFile = Files.writeString(folder.resolve("garbage.pid"), "-1 0\n");

        assertThatThrownBy(() -> new PidFileReload(pidFile).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not hold a process id");
    }

    @Test
    void a_pid_that_is_not_running_fails_naming_kill_and_the_pid() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor(5, TimeUnit.SECONDS);
        Path pidFile = Files.writeString(folder.resolve("stale.pid"), Long.toString(ended.pid()));

        assertThatThrownBy(() -> new PidFileReload(pidFile).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kill -HUP " + ended.pid());
    }

    @Test
    void pid_file_presence_is_reported_before_any_reload() throws Exception {
        Path pidFile = folder.resolve("later.pid");
        PidFileReload reload = new PidFileReload(pidFile);
        assertThat(reload.pidFilePresent()).isFalse();

        Files.writeString(pidFile, "42");

        assertThat(reload.pidFilePresent()).isTrue();
    }
}
