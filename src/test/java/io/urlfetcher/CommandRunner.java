package io.urlfetcher;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Runs the command line in this JVM, as {@code java -jar} would, and keeps what it printed. */
final class CommandRunner {

    record Run(int exitCode, String stdout, String stderr) {
    }

    private CommandRunner() {
    }

    static Run run(String... args) {
        return run(java.util.Map.of(), args);
    }

    /** With these environment variables only (the proxy variables are read through it). */
    static Run run(java.util.Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream systemErr = System.err;
        System.setErr(stderr); // the log goes to System.err: keep it with the run
        try {
            int exit = new CommandLine(new FetchCommand(stdout, stderr, environment::get))
                    .setOut(new PrintWriter(stdout, true))
                    .setErr(new PrintWriter(stderr, true))
                    .execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(systemErr);
        }
    }
}
