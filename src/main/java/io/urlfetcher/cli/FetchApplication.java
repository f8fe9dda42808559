package io.urlfetcher.cli;

import picocli.CommandLine;

/**
 * The standalone process: {@code java -jar url-fetcher.jar --urls urls.txt}. See {@link FetchCommand}. The JVM options
 * that suit a batch are the launcher's ({@code bin/url-fetcher}); a plain {@code java -jar} runs with the JVM's own.
 */
public final class FetchApplication {

    private FetchApplication() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new FetchCommand()).setParameterExceptionHandler(new UsageErrors()).execute(args));
    }
}
