package io.urlfetcher.watch;

import io.urlfetcher.BatchReport;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The report of a watched list: the batch's report, with the list it is of and how its run went over service starts.
 *
 * @param list          the list's name in {@code .done/} (or {@code .running/}): the dropped name and when it was taken
 * @param resumedLines  lines done by an earlier run that a stop or a kill cut short, taken from the list's state; null
 *                      when the list was fetched from its first line
 * @param stopped       why this run of the list was cut short (the service was stopped); null when it ran to its end
 * @param report        every line's result, the resumed ones included
 */
@JsonPropertyOrder({ "list", "resumedLines", "stopped" })
@JsonInclude(JsonInclude.Include.NON_NULL)
record WatchedListReport(String list, Integer resumedLines, String stopped, @JsonUnwrapped BatchReport report) {
}
