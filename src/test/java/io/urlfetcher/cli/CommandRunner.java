package io.urlfetcher.cli;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Runs the command line in this JVM, as {@code java -jar} would, and keeps what it printed. */
public final class CommandRunner {

    public record Run(int exitCode, String stdout, String stderr) {

        /** The last line the run printed on stderr: the one that says why it failed. */
        public String lastErrorLine() {
            return stderr.lines().filter(line -> !line.isBlank()).reduce((a, b) -> b).orElse("");
        }
    }

    /** A run and the JSON report it wrote. */
    public record Reported(Run run, com.fasterxml.jackson.databind.JsonNode report) {
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Runs the command line with {@code --quiet} and a file sink in {@code dir/reports}, and reads the report it wrote
     * there (then deletes it, so the next run's is the only one).
     */
    public static Reported runWithReport(java.nio.file.Path dir, String... args) throws java.io.IOException {
        java.nio.file.Path reports = java.nio.file.Files.createDirectories(dir.resolve("reports"));
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
        all.addAll(java.util.List.of("--sink", "file:" + reports + "?tempPrefix=.writing-", "--quiet"));
        Run run = run(all.toArray(String[]::new));
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(reports)) {
            java.nio.file.Path report = files.filter(f -> !f.getFileName().toString().startsWith(".")).findFirst().orElse(null);
            if (report == null) {
                return new Reported(run, null);
            }
            com.fasterxml.jackson.databind.JsonNode json = JSON.readTree(report.toFile());
            java.nio.file.Files.delete(report);
            return new Reported(run, json);
        }
    }

    private CommandRunner() {
    }

    public static Run run(String... args) {
        return run(java.util.Map.of(), args);
    }

    /** With these environment variables only (the proxy variables are read through it). */
    public static Run run(java.util.Map<String, String> environment, String... args) {
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
