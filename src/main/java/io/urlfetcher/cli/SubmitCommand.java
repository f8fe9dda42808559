package io.urlfetcher.cli;

import io.urlfetcher.FetchMode;

import picocli.CommandLine.Command;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code url-fetcher submit}: a batch fetched by the workers, reported here like a local run. It takes the list, the
 * report and the broker: how each URL is fetched is the workers' options.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
         usageHelpWidth = FetchOptions.HELP_WIDTH,
         defaultValueProvider = ApplicationPropertiesDefaults.class,
         description = "Sends one job per URL line to the broker's jobs queue, waits until the workers sent a result"
                       + " for every line (or none came for --result-timeout), writes the report like a local run and exits.")
final class SubmitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    FetchCommand parent;

    @ArgGroup(exclusive = false, heading = FetchOptions.INPUT)
    FetchOptions.ListInput input;

    @ArgGroup(exclusive = false, heading = FetchOptions.REPORT)
    FetchOptions.Report report;

    @ArgGroup(exclusive = false, heading = FetchOptions.BROKER)
    FetchOptions.Submitter broker;

    @Override
    public Integer call() {
        Map<String, String> overrides = FetchOptions.givenAsProperties(spec);
        overrides.put("fetch.mode", FetchMode.DISTRIBUTED.label());
        return new BatchCommandRunner(parent.streams).run(overrides, false);
    }
}
