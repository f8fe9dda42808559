package io.urlfetcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code url-fetcher worker}: fetch jobs from the broker's jobs queue until stopped. It takes the sections that make
 * and limit a request, and the broker: the list, the report and a run's state are the submitter's.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
         usageHelpWidth = FetchOptions.HELP_WIDTH,
         defaultValueProvider = ApplicationPropertiesDefaults.class,
         description = "Consumes URL jobs from the broker's jobs queue (--concurrency at a time, competing with other"
                       + " workers), fetches each with the same limits as a local run and sends its result to the results"
                       + " queue. Runs until stopped (Ctrl-C or SIGTERM); a job in flight then goes back to the queue.")
final class WorkerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    FetchCommand parent;

    @ArgGroup(exclusive = false, heading = FetchOptions.CONCURRENCY)
    FetchOptions.Concurrency concurrency;

    @ArgGroup(exclusive = false, heading = FetchOptions.HTTP)
    FetchOptions.Http http;

    @ArgGroup(exclusive = false, heading = FetchOptions.TLS_AND_PROXY)
    FetchOptions.TlsAndProxy tlsAndProxy;

    @ArgGroup(exclusive = false, heading = FetchOptions.RESPONSES)
    FetchOptions.Responses responses;

    @ArgGroup(exclusive = false, heading = FetchOptions.HISTORY)
    FetchOptions.History history;

    @ArgGroup(exclusive = false, heading = FetchOptions.SERVICE_AND_BROKER)
    FetchOptions.WorkerService service;

    @Override
    public Integer call() {
        return new ServiceRunner(parent.streams).worker(FetchOptions.givenAsProperties(spec));
    }
}
