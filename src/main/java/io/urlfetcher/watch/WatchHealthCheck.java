package io.urlfetcher.watch;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * The watch service's health ({@code /observe/health}): DOWN, with the reason, while a folder a list passes through
 * cannot be used ({@link WatchFolders}) or the inbox's consumer met a problem within {@link WatchProblems#RECENT}.
 * Camel's own route check stays UP in both cases: the route runs, and its polls succeed.
 */
final class WatchHealthCheck extends AbstractHealthCheck {

    private final WatchFolders folders;
    private final WatchProblems problems;

    WatchHealthCheck(WatchFolders folders, WatchProblems problems) {
        super("url-fetcher", "watch-folder");
        this.folders = folders;
        this.problems = problems;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String problem = folders.problem().or(folders::reportProblem).orElseGet(problems::recent);
        builder.detail("inbox", folders.inbox().toString());
        if (problem == null) {
            builder.up();
        } else {
            builder.message(problem).down();
        }
    }
}
