package io.urlfetcher.cli;

import io.urlfetcher.config.FetchSettings;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each {@code fetch.*} default is written in five places, and they agree: the value in {@code application.properties},
 * its "Default: X." comment there, the default {@link FetchSettings#from} applies when the key is absent, the settings
 * table of docs/SETTINGS.md (the constant README) and the default {@code --help} shows. A new setting needs all five;
 * a changed default, all of them.
 */
class DocumentedDefaultsTest {

    private static final Path PROPERTIES = Path.of("application.properties");
    private static final Path README = Path.of("docs/SETTINGS.md");

    /**
     * Keys whose default in the code differs on purpose from the value in application.properties, with the reason.
     * A new difference fails the test until it is listed here (and documented); a listed one that is gone fails too.
     */
    private static final Map<String, String> CODE_DEFAULT_DIFFERS = Map.of(
            "fetch.block-private", "off in the standalone command's file (you wrote the list), on where no value is set"
                                   + " (an embedding host, a queue): 'Default here: false'");

    /** Keys {@link FetchSettings#from} reads that are deliberately not in the file: secrets come from the environment. */
    private static final Set<String> NOT_IN_THE_FILE = Set.of("fetch.broker-password", "fetch.cert-password");

    /**
     * Keys that are off while absent, so the file has them only in a comment: the watch route's optional placeholder
     * ({@code {{?fetch.watch-done-file}}}) drops Camel's doneFileName only when the key is missing, and Camel refuses
     * an empty one.
     */
    private static final Set<String> ABSENT_UNLESS_SET = Set.of("fetch.watch-done-file");

    private static final Pattern COMMENT_DEFAULT = Pattern.compile("\\bDefault(?: here)?: (.*)$");
    private static final Pattern TRAILING_REMARK = Pattern.compile("\\s*\\([^()]*\\)$");
    private static final Pattern HELP_DEFAULT = Pattern.compile("\\bDefault: (.*)\\.$");
    private static final Pattern FLAG = Pattern.compile("-[-a-z0-9]+");

    private static final FileEntry FILE = file();
    private static final Map<String, ReadmeRow> README_ROWS = readme();
    private static final CommandLine COMMAND = new CommandLine(new FetchCommand());
    private static final Map<String, OptionSpec> OPTIONS = options();

    static List<String> keys() {
        return List.copyOf(FILE.values.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void theFileTheCommentTheCodeTheReadmeAndTheHelpAgree(String key) {
        String value = FILE.values.get(key);
        SoftAssertions softly = new SoftAssertions();

        softly.assertThat(commentDefault(FILE.comments.get(key))).as("%s: its 'Default:' comment in %s", key, PROPERTIES)
                .isEqualTo(value);

        boolean sameAsCode = FetchSettings.from(only(key, value)).equals(FetchSettings.from(name -> Optional.empty()));
        softly.assertThat(sameAsCode).as("%s: FetchSettings.from with only %s = '%s' equals its defaults%s", key, key, value,
                CODE_DEFAULT_DIFFERS.containsKey(key) ? " (listed as a deliberate difference: it must differ)" : "")
                .isEqualTo(!CODE_DEFAULT_DIFFERS.containsKey(key));

        ReadmeRow row = README_ROWS.get(key);
        softly.assertThat(row).as("%s: a row in the settings table of %s", key, README).isNotNull();
        if (row != null) {
            softly.assertThat(row.defaultValue()).as("%s: the default in %s's row %s", key, README, row.flag()).isEqualTo(value);
            OptionSpec option = COMMAND.getCommandSpec().findOption(row.flag());
            softly.assertThat(option).as("%s: %s in %s is an option of url-fetcher", key, row.flag(), README).isNotNull();
            if (option != null) {
                softly.assertThat(option.descriptionKey()).as("%s: the property of %s", key, row.flag()).isEqualTo(key);
            }
        }

        OptionSpec option = OPTIONS.get(key);
        if (option != null && String.join(" ", option.description()).contains("${DEFAULT-VALUE}")) {
            softly.assertThat(helpDefault(option)).as("%s: the default --help shows for %s", key, option.longestName())
                    .isEqualTo(value);
        }
        softly.assertAll();
    }

    @Test
    void everyKeyTheCodeReadsIsInTheFileAndEveryListedDifferenceIsAKey() {
        Set<String> read = new TreeSet<>();
        FetchSettings.from(name -> {
            read.add(name);
            return Optional.empty();
        });
        read.removeAll(NOT_IN_THE_FILE);
        read.removeAll(ABSENT_UNLESS_SET);
        assertThat(FILE.values.keySet()).as("keys that must stay out of %s", PROPERTIES).doesNotContainAnyElementsOf(ABSENT_UNLESS_SET);

        assertThat(FILE.values.keySet()).as("the fetch.* keys of %s", PROPERTIES).containsAll(read);
        assertThat(FILE.values.keySet()).containsAll(CODE_DEFAULT_DIFFERS.keySet());
    }

    @Test
    void everyRowOfTheReadmeTableIsAKeyOfTheFileAndEveryOptionHasOne() {
        Set<String> rows = new TreeSet<>(README_ROWS.keySet());
        rows.removeAll(ABSENT_UNLESS_SET);
        assertThat(FILE.values.keySet()).as("the keys of %s's settings table, in %s", README, PROPERTIES)
                .containsAll(rows);
        assertThat(README_ROWS.keySet()).as("the keys kept out of %s have rows in %s too", PROPERTIES, README)
                .containsAll(ABSENT_UNLESS_SET);
        assertThat(README_ROWS.keySet()).as("the options' properties, in %s's settings table", README)
                .containsAll(OPTIONS.keySet());
    }

    /** The default as {@code --help} renders it: "Default: X." at the end of the option's description. */
    private static String helpDefault(OptionSpec option) {
        Matcher matcher = HELP_DEFAULT.matcher(String.join(" ", option.renderedDescription()).strip());
        return matcher.find() ? matcher.group(1) : "(no default shown)";
    }

    /** "Default: X." or "Default here: X." of the comment, without a trailing "(remark)"; none means empty. */
    private static String commentDefault(String comment) {
        Matcher matcher = COMMENT_DEFAULT.matcher(comment == null ? "" : comment);
        if (!matcher.find()) {
            return "(no Default: in the comment)";
        }
        String text = matcher.group(1).strip();
        text = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        text = TRAILING_REMARK.matcher(text).replaceFirst("");
        return text.equals("none") ? "" : text;
    }

    private static java.util.function.Function<String, Optional<String>> only(String key, String value) {
        return name -> name.equals(key) ? Optional.of(value) : Optional.empty();
    }

    /** The options with a fetch.* property, over the command and its subcommands, by property. */
    private static Map<String, OptionSpec> options() {
        Map<String, OptionSpec> options = new LinkedHashMap<>();
        for (OptionSpec option : COMMAND.getCommandSpec().options()) {
            if (option.descriptionKey() != null && option.descriptionKey().startsWith(FetchSettings.PREFIX)) {
                options.put(option.descriptionKey(), option);
            }
        }
        return options;
    }

    private record FileEntry(Map<String, String> values, Map<String, String> comments) {
    }

    /** The fetch.* values of the file (as Camel reads them) and the comment lines just above each key, joined. */
    private static FileEntry file() {
        try {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(PROPERTIES, StandardCharsets.UTF_8)) {
                properties.load(in);
            }
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> comments = new HashMap<>();
            StringBuilder comment = new StringBuilder();
            for (String line : Files.readAllLines(PROPERTIES, StandardCharsets.UTF_8)) {
                String text = line.strip();
                if (text.startsWith("#")) {
                    comment.append(' ').append(text.substring(1).strip());
                } else if (text.isEmpty()) {
                    comment.setLength(0);
                } else {
                    String key = text.split("\\s*=", 2)[0].strip();
                    if (key.startsWith(FetchSettings.PREFIX)) {
                        values.put(key, properties.getProperty(key).strip());
                        comments.put(key, comment.toString().strip());
                    }
                    comment.setLength(0);
                }
            }
            return new FileEntry(values, comments);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record ReadmeRow(String flag, String defaultValue) {
    }

    /** The rows of the settings table in docs/SETTINGS.md, {@code | `--flag ARG` | `fetch.key` | default | meaning |}. */
    private static Map<String, ReadmeRow> readme() {
        try {
            Map<String, ReadmeRow> rows = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            for (String line : Files.readAllLines(README, StandardCharsets.UTF_8)) {
                String[] cells = line.split("(?<!\\\\)\\|"); // a cell may hold an escaped \|
                if (!line.startsWith("| `--") || cells.length < 5 || !cells[2].strip().startsWith("`fetch.")) {
                    continue;
                }
                String key = firstCode(cells[2]);
                assertThat(seen.add(key)).as("one row for %s in %s", key, README).isTrue();
                Matcher flag = FLAG.matcher(firstCode(cells[1])); // `--block-private[=B]`: --block-private
                assertThat(flag.find()).as("a flag in %s", line).isTrue();
                String shown = cells[3].strip();
                rows.put(key, new ReadmeRow(flag.group(), shown.startsWith("none") ? "" : firstCode(shown)));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of the first `code` span of a table cell, like `false` in "`false` here, `true` elsewhere". */
    private static String firstCode(String cell) {
        Matcher matcher = Pattern.compile("`([^`]*)`").matcher(cell);
        return matcher.find() ? matcher.group(1) : cell.strip();
    }
}
