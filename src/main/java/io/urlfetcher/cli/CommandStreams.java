package io.urlfetcher.cli;

import java.io.PrintStream;
import java.util.function.Function;

/**
 * What the command and its subcommands share: where they print, and how the proxy environment variables are read
 * (tests pass a map's {@code get}).
 */
record CommandStreams(PrintStream out, PrintStream err, Function<String, String> environment) {
}
