package io.urlfetcher.flow.state;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.FetchMode;

/** Which runs may keep a state ({@code fetch.state}): one batch run, sequential or parallel. */
final class StateSupport {

    private StateSupport() {
    }

    /**
     * Refuses fetch.state where resuming makes no sense: compare mode measures two whole runs (a resumed half would
     * time nothing), and a distributed batch already survives a dead worker through the broker (its submitter would
     * need the state of the broker's queues too).
     */
    static void requireSupported(String state, FetchMode mode) {
        if (!state.isBlank() && mode != FetchMode.SEQUENTIAL && mode != FetchMode.PARALLEL) {
            throw new ConfigurationException("--state works with --mode sequential or parallel, not " + mode.label()
                    + (mode == FetchMode.COMPARE
                    ? ": compare times two whole runs, and a resumed run would time only the rest"
                    : ": a distributed batch is kept by the broker, whose queues survive a dead worker (submit the list again"
                      + " to start over)"));
        }
    }

    /** Refuses fetch.state in a long-running mode (worker, --watch): each of its batches is its own. */
    static void refuseIn(String state, String mode) {
        if (!state.isEmpty()) {
            throw new ConfigurationException("--state is for one batch run (--urls FILE), not for " + mode
                    + ", whose batches are many; leave it out" + (mode.equals("--watch")
                    ? " (--watch keeps a state for each list by itself, in DIR/.state/, and resumes a list a stop cut short)"
                    : ""));
        }
    }
}
