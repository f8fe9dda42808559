package io.urlfetcher.cli;

import picocli.CommandLine;

import java.util.List;
import java.util.Optional;

/**
 * The standalone process: {@code java -jar url-fetcher.jar --urls urls.txt}. See {@link FetchCommand}. Started without
 * the JVM options of {@code bin/url-fetcher}, it first starts itself again with them ({@link Relaunch}).
 */
public final class FetchApplication {

    private FetchApplication() {
    }

    public static void main(String[] args) {
        Optional<List<String>> child = Relaunch.childCommand(args);
        if (child.isPresent()) {
            int code = Relaunch.run(child.get());
            if (code >= 0) {
                System.exit(code);
            }
        }
        SignalExit.install();
        RelaunchedChild.attach();
        int code = new CommandLine(new FetchCommand()).execute(args);
        System.exit(SignalExit.codeOr(code));
    }
}
