package io.urlfetcher.cli;

import picocli.CommandLine;

/** The standalone process: {@code java -jar url-fetcher.jar --urls urls.txt}. See {@link FetchCommand}. */
public final class FetchApplication {

    private FetchApplication() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new FetchCommand()).execute(args));
    }
}
