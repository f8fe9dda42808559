package io.urlfetcher.cli;

import java.util.HashMap;
import java.util.Map;

/**
 * Tells the signals of a relaunched child ({@link RelaunchedChild}) that are new from the second half of a pair: Ctrl-C
 * in a terminal (or a systemd stop) delivers one copy directly and one through the launcher, in either order, so n
 * events of one name are max(direct, through the launcher) deliveries.
 */
final class SignalCopies {

    /** Per signal name (INT, TERM): how many came directly, and how many through the launcher. */
    private final Map<String, int[]> received = new HashMap<>();

    /** Whether this delivery of signal {@code name} is a new event, not the other half of one already counted. */
    synchronized boolean isNew(String name, boolean throughLauncher) {
        int[] counts = received.computeIfAbsent(name, n -> new int[2]);
        int mine = throughLauncher ? 1 : 0;
        counts[mine]++;
        return counts[mine] > counts[1 - mine];
    }
}
