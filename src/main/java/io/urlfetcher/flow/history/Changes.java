package io.urlfetcher.flow.history;

import io.urlfetcher.Change;
import io.urlfetcher.Outcome;

/** The rule that names what changed for a request, from its history entry and its new outcome and body hash. */
public final class Changes {

    private Changes() {
    }

    /**
     * @param before  the history's entry of the request, or null when it has none
     * @param outcome the new outcome
     * @param sha256  the new body's sha256, or null when none was computed (then an ok body counts as changed)
     * @return the change, or null for a line the run did not judge because it stopped (not_started, interrupted)
     */
    public static Change decide(HistoryEntry before, Outcome outcome, String sha256) {
        if (outcome == Outcome.NOT_STARTED || outcome == Outcome.INTERRUPTED) {
            return null;
        }
        if (before == null) {
            return Change.NEW;
        }
        boolean okNow = !outcome.isFailure();
        boolean okBefore = !before.outcome().isFailure();
        if (okNow && !okBefore) {
            return Change.RECOVERED;
        }
        if (!okNow) {
            return okBefore ? Change.FAILING : Change.STILL_FAILING;
        }
        if (outcome == Outcome.NOT_MODIFIED || sha256 != null && sha256.equals(before.sha256())) {
            return Change.UNCHANGED;
        }
        return Change.CHANGED;
    }
}
