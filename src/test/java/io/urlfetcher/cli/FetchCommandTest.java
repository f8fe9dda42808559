package io.urlfetcher.cli;

import io.urlfetcher.cli.demo.LocalServerExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user runs it: flags, exit codes, messages, and the report file on disk. */
@Timeout(60)
class FetchCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();
    private CommandRunner.Run last;

    private int run(String... args) {
        last = CommandRunner.run(args);
        return last.exitCode();
    }

    private String stdout() {
        return last.stdout();
    }

    private String stderr() {
        return last.stderr();
    }

    private Path urlFile(String... lines) throws IOException {
        return Files.writeString(dir.resolve("urls.txt"), String.join("\n", lines) + "\n");
    }

    private Path reports() throws IOException {
        return Files.createDirectories(dir.resolve("reports"));
    }

    private List<Path> reportFiles() throws IOException {
        try (Stream<Path> files = Files.list(reports())) {
            return files.toList();
        }
    }

    private String sink() throws IOException {
        return "file:" + reports() + "?tempPrefix=.writing-";
    }

    @Test
    void watchingAFolderThatDoesNotExistIsAUsageErrorThatCreatesNothing() {
        Path missing = dir.resolve("nosuch");

        CommandRunner.Run run = CommandRunner.run("--watch", missing.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lastErrorLine()).isEqualTo("url-fetcher: --watch " + missing + ": no such folder; create it, or give another");
        assertThat(missing).doesNotExist();
    }

    @Test
    void urlsGivenAsArgumentsAreFetchedInTheirOrder() throws IOException {
        String first = server.uri("/bytes/3").toString();
        String second = server.uri("/status/404").toString();

        CommandRunner.Run run = CommandRunner.run("--sink", sink(), "--concurrency", "2", first, second);

        assertThat(run.exitCode()).isZero();
        assertThat(reportFiles()).hasSize(1);
        JsonNode report = new ObjectMapper().readTree(reportFiles().get(0).toFile());
        assertThat(report.get("urls").asInt()).isEqualTo(2);
        assertThat(report.get("results").get(0).get("url").asText()).isEqualTo(first);
        assertThat(report.get("results").get(0).get("bytes").asInt()).isEqualTo(3);
        assertThat(report.get("results").get(1).get("status").asInt()).isEqualTo(404);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void anArgumentThatIsNoUrlIsOneLineWithAHintAndTheShortUsage() throws IOException {
        Path list = urlFile(server.uri("/bytes/1").toString());

        CommandRunner.Run file = CommandRunner.run(list.toString());
        assertThat(file.exitCode()).isEqualTo(2);
        assertThat(file.stderr().lines().toList()).containsExactly(
                "url-fetcher: '" + list + "' is a file, not a URL: --urls " + list + " reads it as a list",
                "Usage: url-fetcher [OPTIONS] [URL...]   (url-fetcher --help lists the options)");
        assertThat(CommandRunner.run("127.0.0.1:8080/x").lastErrorLine()).isEqualTo(
                "Usage: url-fetcher [OPTIONS] [URL...]   (url-fetcher --help lists the options)");
        assertThat(CommandRunner.run("127.0.0.1:8080/x").stderr())
                .startsWith("url-fetcher: '127.0.0.1:8080/x' has no scheme: add http:// or https:// (http://127.0.0.1:8080/x)");
        assertThat(CommandRunner.run("nonsense").stderr()).startsWith("url-fetcher: 'nonsense' is not a URL;");
        assertThat(CommandRunner.run("--urls", list.toString(), server.uri("/bytes/1").toString()).stderr())
                .startsWith("url-fetcher: give URLs as arguments or a list with --urls FILE, not both");
        assertThat(server.requestCount()).as("nothing fetched").isZero();
    }

    @Test
    void anUnknownOptionIsItsMessageAGuessAndTheOneLineUsageNotTheWholeHelp() {
        CommandRunner.Run run = CommandRunner.run("--concurency", "3");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().lines().toList()).containsExactly("Unknown option: '--concurency'",
                "Possible solutions: --concurrency, --connect-timeout",
                "Usage: url-fetcher [OPTIONS] [URL...]   (url-fetcher --help lists the options)");
    }

    @Test
    void reportOptionsThatWatchModeCannotHonourAreAUsageErrorBeforeAnythingStarts() throws IOException {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));

        CommandRunner.Run run = CommandRunner.run("--watch", inbox.toString(), "--format", "jsonl", "--html", "w.html");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lastErrorLine()).startsWith("url-fetcher: --format, --html cannot be used with --watch, which writes"
                + " each list's report as JSON to DIR/.done/<list>.report.json");
        assertThat(CommandRunner.run("--watch", inbox.toString(), "--sink", "seda:reports").lastErrorLine())
                .startsWith("url-fetcher: --sink cannot be used with --watch");
        try (var left = Files.list(inbox)) {
            assertThat(left).as("nothing made in the inbox").isEmpty();
        }
    }

    @Test
    void stateIsRefusedInWatchModeWhichKeepsOneForEachListItself() throws IOException {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));

        CommandRunner.Run run = CommandRunner.run("--watch", inbox.toString(), "--state", dir.resolve("st").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lastErrorLine()).contains("--watch keeps a state for each list by itself, in DIR/.state/");
    }

    @Test
    void aBadDoneFileNameOrHealthAddressIsAUsageError() throws IOException {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));

        assertThat(CommandRunner.run("--watch", inbox.toString(), "--watch-done-file", "sub/${file:name}.done")
                .lastErrorLine()).startsWith("url-fetcher: invalid --watch-done-file 'sub/${file:name}.done': a file name");
        assertThat(CommandRunner.run("--watch", inbox.toString(), "--watch-done-file", "${date:now}.done").exitCode())
                .isEqualTo(2);
        assertThat(CommandRunner.run("--watch", inbox.toString(), "--http-host", "http://x/").lastErrorLine())
                .startsWith("url-fetcher: invalid --http-host 'http://x/'");
    }

    @Test
    void writesAJsonReportFileWhoseCountsMatch() throws IOException {
        Path urls = urlFile(server.uri("/delay/50").toString(), server.uri("/status/404").toString(), "gopher://old",
                server.uri("/bytes/2048").toString());

        int exit = run("--urls", urls.toString(), "--mode", "parallel", "--concurrency", "3", "--sink", sink());

        assertThat(exit).isZero();
        assertThat(reportFiles()).hasSize(1);
        Path report = reportFiles().get(0);
        assertThat(report.getFileName().toString()).matches("url-fetcher-\\d{8}-\\d{6}-\\d{3}\\.json");
        assertThat(stdout()).contains("report: " + report);

        JsonNode json = JSON.readTree(report.toFile());
        assertThat(json.get("mode").asText()).isEqualTo("parallel");
        assertThat(json.get("concurrency").asInt()).isEqualTo(3);
        assertThat(json.get("urls").asInt()).isEqualTo(4);
        assertThat(json.get("outcomes").get("ok").asInt()).isEqualTo(2);
        assertThat(json.get("outcomes").get("http_error").asInt()).isEqualTo(1);
        assertThat(json.get("outcomes").get("unsupported_scheme").asInt()).isEqualTo(1);
        assertThat(json.get("results")).hasSize(4);
        List<String> outcomes = new ArrayList<>();
        json.get("results").forEach(result -> outcomes.add(result.get("outcome").asText()));
        assertThat(outcomes).containsExactly("ok", "http_error", "unsupported_scheme", "ok");
        assertThat(json.get("results").get(3).get("bytes").asLong()).isEqualTo(2048);
        assertThat(json.get("totalMillis").asLong()).isPositive();
        assertThat(json.get("latency").get("max").asLong()).isGreaterThanOrEqualTo(json.get("latency").get("p50").asLong());
        assertThat(json.get("firstByte").get("max").asLong()).isGreaterThanOrEqualTo(50);
        JsonNode timings = json.get("results").get(0).get("timings");
        assertThat(timings.get("firstByte").asDouble()).isGreaterThanOrEqualTo(50.0);
        assertThat(timings.get("reused").isBoolean()).isTrue();
        assertThat(json.get("results").get(2).has("timings")).as("never requested").isFalse();

        assertThat(stdout()).contains("parallel: 4 URLs, concurrency 3", "total time", "/status/404");
        // Each requested URL's line shows its time to first byte beside its total.
        assertThat(stdout())
                .containsPattern("\\d\\.\\d{3} s  ttfb  0\\.\\d{3} s  200  ok +http://127\\.0\\.0\\.1:\\d+/delay/50")
                .containsPattern("ttfb +-  -    unsupported_scheme +gopher://old");
    }

    @Test
    void aFileSinkThatWritesTheReportInAnotherCharsetIsNotTakenForACutShortOne() throws IOException {
        // é is 2 bytes in the UTF-8 that Jackson writes and 1 in the ISO-8859-1 camel-file writes it in again: the
        // file is smaller than the bytes sent, and whole.
        Path urls = urlFile(server.uri("/bytes/3").toString() + "?q=\u00e9t\u00e9");

        int exit = run("--urls", urls.toString(), "--quiet", "--sink", sink() + "&charset=ISO-8859-1");

        assertThat(exit).as(stderr()).isZero();
        String report = Files.readString(reportFiles().get(0), StandardCharsets.ISO_8859_1);
        assertThat(JSON.readTree(report).get("results").get(0).get("url").asText()).endsWith("?q=\u00e9t\u00e9");
    }

    @Test
    void compareModeReportsBothRunsAndTheSpeedUp() throws IOException {
        Path urls = urlFile(server.uri("/delay/200").toString(), server.uri("/delay/200").toString(),
                server.uri("/delay/200").toString());

        int exit = run("--urls", urls.toString(), "--mode", "compare", "--sink", sink());

        assertThat(exit).isZero();
        JsonNode json = JSON.readTree(reportFiles().get(0).toFile());
        assertThat(json.get("mode").asText()).isEqualTo("compare");
        assertThat(json.get("sequential").get("results")).hasSize(3);
        assertThat(json.get("parallel").get("results")).hasSize(3);
        double expected = json.get("sequential").get("totalMillis").asDouble()
                          / json.get("parallel").get("totalMillis").asDouble();
        assertThat(json.get("speedup").asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.01));
        assertThat(stdout()).containsPattern("parallel was \\d+\\.\\dx faster than sequential");
        assertThat(server.requestCount()).isEqualTo(6);
    }

    @Test
    void htmlWritesTheWaterfallOfBothRunsOnOneScale() throws IOException {
        Path urls = urlFile(server.uri("/delay/300").toString(), server.uri("/delay/100").toString(), "not a url");
        Path html = dir.resolve("waterfall.html");

        int exit = run("--urls", urls.toString(), "--mode", "compare", "--sink", sink(), "--html", html.toString());

        assertThat(exit).isZero();
        assertThat(stdout()).contains("waterfall: " + html);
        String page = Files.readString(html);
        assertThat(page).contains("<section class=\"run\" id=\"run-sequential\">", "<section class=\"run\" id=\"run-parallel\">")
                .containsPattern("parallel was \\d+\\.\\dx faster than sequential");
        assertThat(page.split("<rect class=\"bar ", -1)).hasSize(7); // 3 lines x 2 runs, plus the text before the first
        assertThat(page).doesNotContainPattern("(src|href)=\"(https?:)?//");
    }

    @Test
    void jsonLinesHasOneLinePerResultThenASummary() throws IOException {
        Path urls = urlFile(server.uri("/bytes/1").toString(), "mailto:someone@example.com",
                server.uri("/status/500").toString());

        assertThat(run("--urls", urls.toString(), "--format", "jsonl", "--sink", sink())).isZero();

        Path report = reportFiles().get(0);
        assertThat(report.toString()).endsWith(".jsonl");
        List<String> lines = Files.readAllLines(report);
        assertThat(lines).hasSize(4);
        List<Integer> indexes = new ArrayList<>(); // in completion order: each line carries its index
        for (int i = 0; i < 3; i++) {
            indexes.add(JSON.readTree(lines.get(i)).get("index").asInt());
        }
        assertThat(indexes).containsExactlyInAnyOrder(0, 1, 2);
        JsonNode summary = JSON.readTree(lines.get(3)).get("summary");
        assertThat(summary.get("urls").asInt()).isEqualTo(3);
        assertThat(summary.has("results")).isFalse();
    }

    @Test
    void failOnErrorExitsWithOneWhenAUrlFailedAndSaysWhy() throws IOException {
        Path urls = urlFile(server.uri("/bytes/1").toString(), server.uri("/status/503").toString());

        assertThat(run("--urls", urls.toString(), "--fail-on-error", "--sink", sink())).isEqualTo(1);
        assertThat(stderr()).contains("url-fetcher: 1 URL of 2 failed (--fail-on-error): exit 1");
    }

    @Test
    void quietPrintsNothingButErrors() throws IOException {
        Path urls = urlFile(server.uri("/bytes/1").toString(), server.uri("/status/503").toString());

        assertThat(run("--urls", urls.toString(), "--quiet", "--fail-on-error", "--sink", sink())).isEqualTo(1);
        assertThat(stdout()).isEmpty();
        assertThat(stderr().lines().toList()).containsExactly("url-fetcher: 1 URL of 2 failed (--fail-on-error): exit 1");
        assertThat(reportFiles()).hasSize(1);
    }

    @Test
    void oneUrlIsOneUrlAndATimeoutHasNoTimeToFirstByte() throws IOException {
        assertThat(run("--sink", sink(), "--timeout", "300ms", server.uri("/delay/3000").toString())).isZero();
        assertThat(stdout()).contains("parallel: 1 URL, concurrency").doesNotContain("1 URLs");
        assertThat(stdout().lines().filter(line -> line.contains("/delay/3000")).findFirst().orElseThrow())
                .matches("\\s+0\\.[0-9]{3} s  ttfb        -  -    timeout .*");
    }

    @Test
    void failuresWithoutFailOnErrorStillExitWithZero() throws IOException {
        Path urls = urlFile(server.uri("/status/503").toString());

        assertThat(run("--urls", urls.toString(), "--sink", sink())).isZero();
    }

    @Test
    void aMissingUrlFileIsAUsageError() throws IOException {
        int exit = run("--urls", dir.resolve("nope.txt").toString(), "--sink", sink());

        assertThat(exit).isEqualTo(2);
        assertThat(stderr()).contains("url-fetcher: cannot read URL list '" + dir.resolve("nope.txt")
                                      + "': no such file; check the path given to --urls");
        assertThat(reportFiles()).isEmpty();
    }

    @Test
    void noUrlListAtAllSaysHowToGiveOne() {
        assertThat(run()).isEqualTo(2);
        assertThat(stderr()).contains("no URL list given: pass --urls FILE");
    }

    @Test
    void anUnknownFlagIsAUsageError() {
        assertThat(run("--urls", "x.txt", "--bogus")).isEqualTo(2);
        assertThat(stderr()).contains("Unknown option: '--bogus'");
    }

    @Test
    void anInvalidOptionIsNamedAsTypedWithTheFix() throws IOException {
        Path urls = urlFile(server.uri("/bytes/1").toString());

        assertThat(run("--urls", urls.toString(), "--concurrency", "many")).isEqualTo(2);
        assertThat(stderr()).contains("url-fetcher: invalid --concurrency 'many': expected a whole number");
    }

    @Test
    void aBareNumberForADurationOrASizeIsRefusedWithTheFormsItTakes() throws IOException {
        Path urls = urlFile(server.uri("/bytes/1").toString());

        CommandRunner.Run timeout = CommandRunner.run("--urls", urls.toString(), "--timeout", "5");
        assertThat(timeout.exitCode()).isEqualTo(2);
        assertThat(timeout.lastErrorLine()).isEqualTo("url-fetcher: invalid --timeout '5': invalid duration '5': a number"
                + " needs a unit: 5ms, 5s or 5m (the forms: 500ms, 3s, 2m, 1h)");
        CommandRunner.Run size = CommandRunner.run("--urls", urls.toString(), "--max-body", "100");
        assertThat(size.exitCode()).isEqualTo(2);
        assertThat(size.lastErrorLine()).contains("invalid --max-body '100'").contains("100B, 100KB or 100MB");
        assertThat(server.requestCount()).as("nothing fetched").isZero();
    }

    @Test
    void aWordThatIsNoneOfTheChoicesListsThemAndGuessesANearMiss() throws IOException {
        Path urls = urlFile(server.uri("/bytes/1").toString());

        assertThat(CommandRunner.run("--urls", urls.toString(), "--mode", "paralel").lastErrorLine())
                .isEqualTo("url-fetcher: invalid --mode 'paralel': use sequential, parallel, compare or distributed;"
                        + " did you mean parallel?");
        assertThat(CommandRunner.run("--urls", urls.toString(), "--format", "csv").lastErrorLine())
                .isEqualTo("url-fetcher: invalid --format 'csv': use json or jsonl")
                .doesNotContain("io.urlfetcher", "enum");
        assertThat(CommandRunner.run("--urls", urls.toString(), "--save-on", "al").lastErrorLine())
                .endsWith("use ok or all; did you mean all?");
    }

    @Test
    void anInvalidSinkUriIsAUsageError() throws IOException {
        Path urls = urlFile(server.uri("/bytes/1").toString());

        assertThat(run("--urls", urls.toString(), "--sink", "nosuchcomponent:anywhere")).isEqualTo(2);
        assertThat(stderr()).contains("invalid sink URI (--sink / fetch.sink-uri)", "nosuchcomponent");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void helpShowsTheDefaultsOfApplicationProperties() {
        assertThat(run("--help")).isZero();
        assertThat(stdout()).contains("--concurrency=N", "Default: 20", "--timeout=DURATION", "Default: 30s",
                "Exit codes:");
    }

    @Test
    void versionNamesCamel() {
        assertThat(run("--version")).isZero();
        assertThat(stdout()).contains("url-fetcher", "Apache Camel 4.18.0");
    }
}
