package io.urlfetcher.cli;

import io.urlfetcher.flow.list.UrlListParser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * URLs given as arguments ({@code url-fetcher https://example.org/ https://example.net/}): fetched as the lines of a
 * list, in their order. An argument that is no URL is refused before anything starts, with what was probably meant:
 * a list file ({@code --urls FILE}) or a URL without its scheme.
 */
final class UrlArguments {

    private static final Pattern HAS_SCHEME = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://.*");

    private UrlArguments() {
    }

    /** Why the arguments cannot be fetched, or null when they can (none given is fine: --urls or --demo then). */
    static String refusal(List<String> arguments, Map<String, String> options) {
        if (arguments.isEmpty()) {
            return null;
        }
        if (options.containsKey("fetch.urls")) {
            return "give URLs as arguments or a list with --urls FILE, not both";
        }
        if (options.containsKey("fetch.every")) {
            return "--every reads its list again each round: give it with --urls FILE, not as arguments";
        }
        if (options.containsKey("fetch.watch")) {
            return "--watch takes its lists from its folder; URLs as arguments are for a run here";
        }
        for (String argument : arguments) {
            if (HAS_SCHEME.matcher(argument).matches()) {
                continue; // a scheme that is not fetched (ftp://) is that line's unsupported_scheme, as in a list
            }
            if (Files.isRegularFile(Path.of(argument))) {
                return "'" + argument + "' is a file, not a URL: --urls " + argument + " reads it as a list";
            }
            if (UrlListParser.lacksScheme(argument)) {
                return "'" + argument + "' has no scheme: add http:// or https:// (http://" + argument + ")";
            }
            return "'" + argument + "' is not a URL; give URLs like https://example.org/, or --urls FILE to read a list";
        }
        return null;
    }

    /** The arguments as the text of a list, one URL a line. */
    static String asList(List<String> arguments) {
        return String.join("\n", arguments) + "\n";
    }
}
