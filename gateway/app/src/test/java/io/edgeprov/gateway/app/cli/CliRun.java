package io.edgeprov.gateway.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code edge-provisioner} in-process with captured output, as a shell would see it. */
public final class CliRun {
    /** Exit code and everything printed. */
    public record Outcome(int exit, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private CliRun() {
    }

    public static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = EdgeProvisionerCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Outcome(exit, out.toString(), err.toString());
    }
}
