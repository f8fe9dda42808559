package io.urlfetcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code url-fetcher worker}: fetch jobs from the broker's jobs queue until stopped. */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
         defaultValueProvider = ApplicationPropertiesDefaults.class,
         description = "Consumes URL jobs from the broker's jobs queue (--concurrency at a time, competing with other"
                       + " workers), fetches each with the same limits as a local run and sends its result to the results"
                       + " queue. Runs until stopped (Ctrl-C or SIGTERM); a job in flight then goes back to the queue.")
final class WorkerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    FetchCommand parent;

    @Mixin
    FetchOptions options;

    @Override
    public Integer call() {
        return new ServiceRunner(parent.streams).worker(FetchOptions.givenAsProperties(spec));
    }
}
