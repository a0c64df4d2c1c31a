package io.edgeprov.gateway.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed command into one readable line and exit code 1. Messages of our own exceptions
 * are written never to hold secrets; the stack trace is left out so nothing else can leak.
 */
final class CliErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        commandLine.getErr().println(commandLine.getColorScheme().errorText("error: " + message));
        return 1;
    }
}
