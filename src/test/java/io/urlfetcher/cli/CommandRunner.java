package io.urlfetcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs the command line in this JVM, as {@code java -jar} would, and keeps what it printed. */
public final class CommandRunner {

    public record Run(int exitCode, String stdout, String stderr) {

        /** The last line the run printed on stderr: the one that says why it failed. */
        public String lastErrorLine() {
            return stderr.lines().filter(line -> !line.isBlank()).reduce((a, b) -> b).orElse("");
        }
    }

    /** A run and the JSON report it wrote (null if it wrote none). */
    public record Reported(Run run, JsonNode report) {

        /** The report's results, in input order. */
        public List<JsonNode> results() {
            List<JsonNode> results = new ArrayList<>();
            report.get("results").forEach(results::add);
            return results;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Runs the command line with {@code --quiet} and a file sink in {@code dir/reports}, and reads the report it wrote
     * there (then deletes it, so the next run's is the only one).
     */
    public static Reported runWithReport(Path dir, String... args) throws IOException {
        Path reports = Files.createDirectories(dir.resolve("reports"));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--sink", "file:" + reports + "?tempPrefix=.writing-", "--quiet"));
        Run run = run(all.toArray(String[]::new));
        try (Stream<Path> files = Files.list(reports)) {
            Path report = files.filter(f -> !f.getFileName().toString().startsWith(".")).findFirst().orElse(null);
            if (report == null) {
                return new Reported(run, null);
            }
            JsonNode json = JSON.readTree(report.toFile());
            Files.delete(report);
            return new Reported(run, json);
        }
    }

    /**
     * Writes these lines to {@code dir/listName}, runs the command line on that list with a file sink writing
     * {@code dir/reports/report.json} (the last run's deleted first), and reads that report.
     */
    public static Reported runOnLines(Path dir, String listName, List<String> lines, String... options)
            throws IOException {
        Path list = Files.writeString(dir.resolve(listName), String.join("\n", lines) + "\n");
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Path report = reports.resolve("report.json");
        Files.deleteIfExists(report);
        List<String> args = new ArrayList<>(List.of("--urls", list.toString(), "--sink",
                "file:" + reports + "?fileName=report.json"));
        Collections.addAll(args, options);
        Run run = run(args.toArray(String[]::new));
        return new Reported(run, Files.exists(report) ? JSON.readTree(report.toFile()) : null);
    }

    private CommandRunner() {
    }

    public static Run run(String... args) {
        return run(Map.of(), args);
    }

    /** With these environment variables only (the proxy variables are read through it). */
    public static Run run(Map<String, String> environment, String... args) {
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
                    .setParameterExceptionHandler(new UsageErrors()) // as FetchApplication.main
                    .execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(systemErr);
        }
    }
}
