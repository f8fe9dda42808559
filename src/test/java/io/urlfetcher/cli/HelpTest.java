package io.urlfetcher.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --help} in headed sections that fit 100 columns and end with examples; {@code worker} and {@code submit} list
 * (and take) only the options they read, each the same option as the batch's.
 */
class HelpTest {

    private static final List<String> SECTIONS = List.of("Input:", "Concurrency and politeness:",
            "HTTP requests and limits:", "TLS and proxy:", "Responses:", "Report and output:", "State and stopping:",
            "History across runs:", "Rounds:", "Service and broker:");

    /** What a worker reads: how to make and limit a request, what to keep of a response, and the broker. */
    private static final Set<String> WORKER_OPTIONS = Set.of("--help", "--version",
            "--concurrency", "--max-concurrency", "--virtual-threads", "--per-host", "--rate", "--host-failures",
            "--host-cooldown",
            "--connect-timeout", "--timeout", "--read-timeout", "--max-body", "--max-header-size", "--max-redirects",
            "--retries", "--retry-on", "--retry-backoff", "--retry-backoff-max", "--max-retry-after", "--retry-post",
            "--user-agent", "--header", "--block-private", "--allow-private", "--allow-downgrade", "--http2",
            "--cacert", "--cacert-only", "--insecure", "--cert", "--key", "--tls-handshake-timeout", "--proxy",
            "--noproxy",
            "--save-bodies", "--save-on", "--inline-body", "--keep-header", "--response-sink", "--hash",
            "--history", "--conditional", "--deliver",
            "--http-port", "--http-host", "--broker", "--broker-user", "--broker-port", "--broker-data", "--jobs-queue",
            "--results-queue", "--dead-letter-queue", "--expiry-queue", "--max-deliveries", "--broker-wait",
            "--broker-down-after");

    /** What a submitter reads: the list, the report, and the broker it waits on. */
    private static final Set<String> SUBMIT_OPTIONS = Set.of("--help", "--version",
            "--urls", "--input-format", "--dedupe",
            "--sink", "--format", "--html", "--quiet", "--progress-every", "--fail-on-error",
            "--fail-on", "--broker", "--broker-user", "--broker-port", "--broker-data", "--jobs-queue", "--results-queue",
            "--dead-letter-queue", "--expiry-queue", "--max-deliveries", "--result-timeout", "--grace");

    @Test
    void helpFitsOneHundredColumnsInHeadedSectionsAndEndsWithThreeExamples() {
        List<String> lines = help();

        assertThat(lines).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(100));
        assertThat(lines).containsSubsequence(SECTIONS);
        List<String> end = lines.subList(lines.size() - 4, lines.size());
        assertThat(end.get(0)).isEqualTo("Examples:");
        assertThat(end.subList(1, 4)).allSatisfy(line -> assertThat(line).startsWith("  url-fetcher --urls "));
        assertThat(String.join("\n", end)).contains("--mode parallel --concurrency", "--mode compare --html",
                "--format jsonl --sink");
    }

    @Test
    void everyOptionOfTheBatchIsInASection() {
        List<String> lines = help();
        int firstSection = lines.indexOf(SECTIONS.get(0));
        int lastOptionLine = lines.indexOf("Commands:");
        List<String> inSections = lines.subList(firstSection, lastOptionLine);

        for (OptionSpec option : spec().options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                String name = option.longestName();
                // A negatable option is shown as --[no-]name.
                String shown = option.negatable() ? "--\\[no-\\]" + Pattern.quote(name.substring(2)) : Pattern.quote(name);
                assertThat(inSections).as("%s in a section", name)
                        .anyMatch(line -> line.matches("\\s+(-\\w, )?" + shown + "([=\\[ ].*)?"));
            }
        }
    }

    @Test
    void workerListsAndTakesOnlyWhatAWorkerReads() {
        List<String> worker = help("worker");

        assertThat(names(subcommand("worker"))).isEqualTo(new TreeSet<>(WORKER_OPTIONS));
        assertThat(worker).noneMatch(line -> line.matches("\\s+--(urls|sink|format|state|mode|watch|result-timeout)\\b.*"));
        assertThat(worker).containsSubsequence("Concurrency and politeness:", "HTTP requests and limits:",
                "TLS and proxy:", "Responses:", "Service and broker:");
        assertThat(worker).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(100));
        // A worker reads 48 of the 66 options: its help is shorter, but more than half (see docs/USAGE.md).
        assertThat(worker.size()).isLessThan(help().size());

        CommandRunner.Run run = CommandRunner.run("worker", "--urls", "urls.txt");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.stderr()).contains("Unknown option", "'--urls'");
    }

    @Test
    void submitListsAndTakesOnlyWhatASubmitterReads() {
        List<String> submit = help("submit");

        assertThat(names(subcommand("submit"))).isEqualTo(new TreeSet<>(SUBMIT_OPTIONS));
        assertThat(submit).noneMatch(line -> line.matches("\\s+--(save-bodies|timeout|proxy|concurrency|state|mode|http-port)\\b.*"));
        assertThat(submit).containsSubsequence("Input:", "Report and output:", "Broker:");
        assertThat(submit).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(100));
        assertThat(submit.size()).isLessThanOrEqualTo(help().size() / 2);

        CommandRunner.Run run = CommandRunner.run("submit", "--save-bodies", "pages");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.stderr()).contains("Unknown option", "'--save-bodies'");
    }

    @Test
    void aSubcommandsOptionIsTheBatchsOptionWithTheSameNamePropertyDescriptionAndDefault() {
        for (String name : List.of("worker", "submit")) {
            for (OptionSpec option : subcommand(name).options()) {
                OptionSpec batch = spec().findOption(option.longestName());
                assertThat(batch).as("%s %s is an option of url-fetcher", name, option.longestName()).isNotNull();
                assertThat(List.of(option.names())).isEqualTo(List.of(batch.names()));
                assertThat(option.descriptionKey()).isEqualTo(batch.descriptionKey());
                assertThat(option.paramLabel()).isEqualTo(batch.paramLabel());
                assertThat(option.renderedDescription()).as("%s %s", name, option.longestName())
                        .isEqualTo(batch.renderedDescription());
            }
        }
    }

    @Test
    void aOneValueOptionGivenTwiceInASectionSaysSo() {
        CommandRunner.Run run = CommandRunner.run("--urls", "-", "--concurrency", "2", "--concurrency=3");
        CommandRunner.Run worker = CommandRunner.run("worker", "--insecure", "--insecure");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.stderr().lines().findFirst()).hasValue("option '--concurrency' (N) should be specified only once");
        assertThat(worker.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(worker.stderr().lines().findFirst()).hasValue("option '--insecure' should be specified only once");
    }

    /** One option of each section, given in its command, becomes its fetch.* override. */
    @Test
    void anOptionOfEachSectionBecomesItsProperty() {
        assertThat(given(new String[] { "--urls", "u.txt", "--demo", "--concurrency", "3", "--timeout", "2s",
                "-x", "proxy:3128", "--save-bodies", "pages", "--format", "jsonl", "--state", "st", "--watch", "in",
                "--http-port", "9876", "--broker", "embedded", "--result-timeout", "1m", "--header", "A: 1", "--header", "B: 2" }))
                .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(Map.entry("fetch.urls", "u.txt"),
                        Map.entry("fetch.demo", "true"), Map.entry("fetch.concurrency", "3"), Map.entry("fetch.timeout", "2s"),
                        Map.entry("fetch.proxy", "proxy:3128"), Map.entry("fetch.save-bodies", "pages"),
                        Map.entry("fetch.format", "jsonl"), Map.entry("fetch.state", "st"), Map.entry("fetch.watch", "in"),
                        Map.entry("fetch.http-port", "9876"), Map.entry("fetch.broker-url", "embedded"),
                        Map.entry("fetch.result-timeout", "1m"), Map.entry("fetch.headers", "A: 1\nB: 2")));
        assertThat(given(new String[] { "worker", "--rate", "5", "--insecure", "--hash", "none", "--http-port", "0",
                "--jobs-queue", "q" }))
                .containsExactlyInAnyOrderEntriesOf(Map.of("fetch.rate", "5", "fetch.insecure", "true", "fetch.hash", "none",
                        "fetch.http-port", "0", "fetch.jobs-queue", "q"));
        assertThat(given(new String[] { "submit", "--urls", "-", "--quiet", "--max-deliveries", "2", "--result-timeout", "5s" }))
                .containsExactlyInAnyOrderEntriesOf(Map.of("fetch.urls", "-", "fetch.quiet", "true",
                        "fetch.max-deliveries", "2", "fetch.result-timeout", "5s"));
    }

    /** The fetch.* properties the innermost command of this command line was given. */
    private static Map<String, String> given(String[] args) {
        CommandLine.ParseResult parsed = new CommandLine(new FetchCommand()).parseArgs(args);
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        return FetchOptions.givenAsProperties(parsed.commandSpec());
    }

    private static List<String> help(String... command) {
        String[] args = new String[command.length + 1];
        System.arraycopy(command, 0, args, 0, command.length);
        args[command.length] = "--help";
        CommandRunner.Run run = CommandRunner.run(args);
        assertThat(run.exitCode()).isZero();
        return run.stdout().lines().toList();
    }

    private static CommandSpec spec() {
        return new CommandLine(new FetchCommand()).getCommandSpec();
    }

    private static CommandSpec subcommand(String name) {
        return new CommandLine(new FetchCommand()).getSubcommands().get(name).getCommandSpec();
    }

    private static Set<String> names(CommandSpec spec) {
        Set<String> names = new TreeSet<>();
        spec.options().forEach(option -> names.add(option.longestName()));
        return names;
    }
}
