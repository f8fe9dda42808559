package io.urlfetcher.flow.history;

import io.urlfetcher.Change;
import io.urlfetcher.Outcome;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ChangesTest {

    @ParameterizedTest(name = "{0} {1} then {2} {3}: {4}")
    @CsvSource(nullValues = "-", value = {
            "-,            -,   ok,            aa, new",
            "-,            -,   http_error,    -,  new",
            "ok,           aa,  ok,            aa, unchanged",
            "ok,           aa,  ok,            bb, changed",
            "ok,           aa,  ok,            -,  changed",
            "ok,           aa,  not_modified,  -,  unchanged",
            "not_modified, aa,  ok,            aa, unchanged",
            "ok,           aa,  timeout,       -,  failing",
            "not_modified, aa,  http_error,    -,  failing",
            "http_error,   aa,  timeout,       -,  still_failing",
            "http_error,   aa,  ok,            aa, recovered",
            "dns_failure,  -,   not_modified,  -,  recovered",
            "ok,           aa,  not_started,   -,  -",
            "ok,           aa,  interrupted,   -,  -",
    })
    void theChangeFollowsFromTheEntryTheOutcomeAndTheHash(String before, String beforeSha, String now, String sha,
                                                           String change) {
        HistoryEntry entry = before == null ? null : new HistoryEntry("k", "u", null, null, beforeSha, 200,
                Outcome.valueOf(before.toUpperCase()), Instant.EPOCH, Instant.EPOCH, null);

        Change decided = Changes.decide(entry, Outcome.valueOf(now.toUpperCase()), sha);

        assertThat(decided == null ? null : decided.label()).isEqualTo(change);
    }
}
