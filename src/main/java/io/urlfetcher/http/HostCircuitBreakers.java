package io.urlfetcher.http;

import io.urlfetcher.Outcome;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One circuit breaker per {@code host:port}: after {@code fetch.host-failures} failures in a row (refused, reset or
 * closed connections, connect timeouts: {@link HostSignals}) the host's later URLs are not requested until
 * {@code fetch.host-cooldown} has passed; then one probe request goes through, and its answer closes the breaker again
 * or its failure opens it for another cool-down. Any real HTTP response resets the count.
 * <p>
 * A response timeout on an established connection is a slow page as often as a dead host: it counts only while the
 * host gave no HTTP answer within the last cool-down ({@link RecentAnswers}). When such timeouts alone open a breaker,
 * the host is probed at once instead of after the cool-down, and its other URLs wait for the probe's end: a host that
 * answers other paths is used again at once (ten slow pages then forty fast ones), one that accepts and never answers
 * is turned away after one more deadline.
 * <p>
 * The breakers are resilience4j's, used directly: Camel's circuit breaker EIP (camel-resilience4j) holds one
 * {@link CircuitBreaker} per EIP in the route (its {@code ResilienceProcessor} decorates every exchange with the same
 * one), so it cannot keep one per host. Here a {@link CircuitBreakerRegistry} is keyed by {@code host:port}; a
 * count-based window of N calls that opens at a 100 % failure rate is "N failures in a row". A breaker exists only
 * for a host whose last call failed (a success removes it), so a list of a million healthy hosts costs no memory.
 * <p>
 * A probe whose end is never reported (its run was stopped under it) would keep its breaker half-open, and the host
 * turned away, for good: a probe not reported within {@code probeLimit} is taken for lost, and the breaker opens for
 * another cool-down, after which the next URL probes again. No timer thread: this is checked as URLs ask.
 */
public final class HostCircuitBreakers {

    /** What a finished URL tells about its host. */
    public enum Verdict {
        /** A dead-host signal: refused, connect or TLS handshake unanswered, reset or closed before any response byte. */
        FAILURE,
        /** A timeout on an established connection with no response: a failure only while the host gives no answers. */
        SILENCE,
        /** A real HTTP response came: the host is alive. */
        SUCCESS,
        /** Says nothing about the host (DNS, the SSRF guard, a proxy, a bad URL ...). */
        NEUTRAL
    }

    /**
     * Whether a URL may be requested, why not, the breaker that let it through (none for a host without failures) and
     * whether it is that breaker's probe.
     */
    public record Admission(String hostKey, boolean permitted, String reason, CircuitBreaker breaker, boolean probe) {
    }

    /** Breakers are off ({@code fetch.host-failures = 0}): every URL is requested. */
    public static final HostCircuitBreakers OFF = new HostCircuitBreakers(0, Duration.ofSeconds(30));

    private static final Duration DEFAULT_PROBE_LIMIT = Duration.ofMinutes(10);

    private final int failures;
    private final Duration cooldown;
    private final Duration probeLimit;
    private final Clock clock;
    private final CircuitBreakerRegistry registry;
    /** The outcome of each tracked host's last failure, for the error of the URLs it turns away. */
    private final Map<String, Outcome> lastFailure = new ConcurrentHashMap<>();
    /** When the probe of each half-open host was let through. */
    private final Map<String, Instant> probes = new ConcurrentHashMap<>();
    /** The hosts whose count holds a dead-host signal, not only response timeouts. */
    private final Set<String> deadSignalled = ConcurrentHashMap.newKeySet();
    /** Hosts that response timeouts alone opened, probed at once: the end of the probe, which their other URLs await. */
    private final Map<String, CompletableFuture<Void>> quickProbes = new ConcurrentHashMap<>();
    private final RecentAnswers answers;
    /** The breakers of the other counts calls asked for ({@link #forCount}), shared by the calls that ask for each. */
    private final Map<Integer, HostCircuitBreakers> otherCounts = new ConcurrentHashMap<>();

    public HostCircuitBreakers(int failures, Duration cooldown) {
        this(failures, cooldown, DEFAULT_PROBE_LIMIT);
    }

    /** @param probeLimit longest a probe may take before it is taken for lost: more than a URL's deadline */
    public HostCircuitBreakers(int failures, Duration cooldown, Duration probeLimit) {
        this(failures, cooldown, probeLimit, Clock.systemUTC());
    }

    HostCircuitBreakers(int failures, Duration cooldown, Duration probeLimit, Clock clock) {
        this.failures = failures;
        this.cooldown = cooldown;
        this.probeLimit = probeLimit;
        this.clock = clock;
        this.answers = new RecentAnswers(cooldown, clock);
        this.registry = failures < 1 ? null : CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failures)
                .minimumNumberOfCalls(failures)
                .failureRateThreshold(100)
                .waitDurationInOpenState(cooldown)
                .permittedNumberOfCallsInHalfOpenState(1)
                // Calls are reported with a duration of 0: slowness is the deadline's business, not the breaker's.
                .slowCallRateThreshold(100)
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build());
    }

    /** Breakers like these (cool-down, probe limit) that open after another count of failures; 0 for none. */
    public HostCircuitBreakers withFailures(int otherFailures) {
        return new HostCircuitBreakers(otherFailures, cooldown, probeLimit, clock);
    }

    /**
     * The breakers of a call whose count is {@code given}: these for -1 or this count, none for 0, else the breakers
     * of that count, made once and shared by every call that asks for it.
     */
    public HostCircuitBreakers forCount(int given) {
        if (given < 0 || given == failures()) {
            return this;
        }
        return given == 0 ? OFF : otherCounts.computeIfAbsent(given, this::withFailures);
    }

    /** Failures in a row that open a host's breaker; 0 when they are off. */
    public int failures() {
        return registry == null ? 0 : failures;
    }

    /** Whether breakers are on at all. */
    public boolean enabled() {
        return registry != null;
    }

    /**
     * Asks before a URL is requested. A host with no breaker (no failure since its last success) is let through
     * untracked; an open breaker turns the URL away; a breaker whose cool-down has passed lets one probe through. While
     * a host that response timeouts alone opened is probed at once, its URLs wait for the probe's end (at most the probe
     * limit) and then ask again.
     */
    public Admission admit(String hostKey) {
        if (registry == null) {
            return new Admission(hostKey, true, null, null, false);
        }
        long waitEnd = System.nanoTime() + probeLimit.toNanos();
        while (true) {
            Optional<CircuitBreaker> found = registry.find(hostKey);
            if (found.isEmpty()) {
                return new Admission(hostKey, true, null, null, false);
            }
            CircuitBreaker breaker = found.get();
            if (breaker.tryAcquirePermission()) {
                boolean probe = breaker.getState() == CircuitBreaker.State.HALF_OPEN;
                if (probe) {
                    probes.put(hostKey, clock.instant());
                }
                return new Admission(hostKey, true, null, breaker, probe);
            }
            CompletableFuture<Void> quick = quickProbes.get(hostKey);
            if (quick == null || !awaited(quick, waitEnd - System.nanoTime())) {
                return turnedAway(hostKey, breaker);
            }
        }
    }

    private Admission turnedAway(String hostKey, CircuitBreaker breaker) {
        Instant probed = probes.get(hostKey);
        if (probed != null && breaker.getState() == CircuitBreaker.State.HALF_OPEN
            && clock.instant().isAfter(probed.plus(probeLimit))) {
            probes.remove(hostKey);
            breaker.transitionToOpenState(); // the probe was lost: another cool-down, then another probe
            endQuickProbe(hostKey, breaker);
        }
        Outcome last = lastFailure.getOrDefault(hostKey, Outcome.TIMEOUT);
        return new Admission(hostKey, false, "host " + hostKey + " failed " + failures + " times in a row ("
                + last.label() + "); not requested", breaker, false);
    }

    /** Waits for a probe's end; false when it did not come in time (or the wait was interrupted). */
    private static boolean awaited(CompletableFuture<Void> probeEnd, long nanos) {
        if (nanos <= 0) {
            return false;
        }
        try {
            probeEnd.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the run is stopping: the URL is turned away, the stop reports it
            return false;
        }
    }

    /**
     * Reports how a URL that was let through ended. A failure counts against its host (and opens the breaker at the
     * N-th in a row, or again after a failed probe); a response timeout counts as one only while the host gave no
     * answer within the cool-down; a success forgets the host's failures and closes its breaker; a neutral end only
     * gives back the probe permit it may hold.
     *
     * @param admitted what {@link #admit} answered for this URL
     */
    public void record(Admission admitted, Verdict verdict, Outcome outcome) {
        if (registry == null) {
            return;
        }
        String hostKey = admitted.hostKey();
        if (admitted.probe()) {
            probes.remove(hostKey);
        }
        Verdict counted = verdict == Verdict.SILENCE
                ? answers.answeredWithinWindow(hostKey) ? Verdict.NEUTRAL : Verdict.FAILURE : verdict;
        switch (counted) {
            case FAILURE -> failed(admitted, verdict == Verdict.SILENCE, outcome);
            case SUCCESS -> {
                // The host answered: its count starts again from nothing (and a breaker that was open or probing closes).
                answers.answered(hostKey);
                registry.remove(hostKey);
                lastFailure.remove(hostKey);
                deadSignalled.remove(hostKey);
                endQuickProbe(hostKey, null); // whoever answered: the URLs waiting for a probe need not wait on
            }
            default -> {
                if (admitted.probe()) {
                    admitted.breaker().releasePermission(); // only the probe holds a permit worth giving back
                }
            }
        }
        if (admitted.probe()) {
            endQuickProbe(hostKey, registry.find(hostKey).orElse(null));
        }
    }

    /** Serialised: whether this failure opens the breaker and how must be decided with no other failure in between. */
    private synchronized void failed(Admission admitted, boolean silence, Outcome outcome) {
        String hostKey = admitted.hostKey();
        CircuitBreaker breaker = registry.circuitBreaker(hostKey);
        if (breaker.getState() == CircuitBreaker.State.HALF_OPEN && !admitted.probe()) {
            return; // let through before the breaker opened: the probe in flight is what decides now
        }
        lastFailure.put(hostKey, outcome);
        if (!silence) {
            deadSignalled.add(hostKey);
        }
        boolean opensOnSilence = breaker.getState() == CircuitBreaker.State.CLOSED && !deadSignalled.contains(hostKey)
                && breaker.getMetrics().getNumberOfFailedCalls() + 1 >= failures;
        if (opensOnSilence) {
            quickProbes.put(hostKey, new CompletableFuture<>()); // before it opens: a URL asking meanwhile waits
        }
        breaker.onError(0, TimeUnit.NANOSECONDS, HostFailure.INSTANCE);
        if (opensOnSilence) {
            if (breaker.getState() == CircuitBreaker.State.OPEN) {
                breaker.transitionToHalfOpenState(); // no cool-down: the next URL probes whether the host answers at all
            } else {
                endQuickProbe(hostKey, breaker);
            }
        }
    }

    /**
     * A quick probe ended (or was lost): its waiting URLs ask again. A probe that ended neutral leaves the breaker
     * half-open, and the next URL is a quick probe too.
     */
    private void endQuickProbe(String hostKey, CircuitBreaker breaker) {
        CompletableFuture<Void> ended = quickProbes.remove(hostKey);
        if (ended == null) {
            return;
        }
        if (breaker != null && breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
            quickProbes.put(hostKey, new CompletableFuture<>());
        }
        ended.complete(null);
    }

    /** Whether the host's breaker is open or letting its one probe through: no retries to it then. */
    boolean isOpen(String hostKey) {
        CircuitBreaker.State state = state(hostKey);
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN;
    }

    /** The state of a host's breaker; CLOSED for a host with none. */
    public CircuitBreaker.State state(String hostKey) {
        return registry == null ? CircuitBreaker.State.DISABLED
                : registry.find(hostKey).map(CircuitBreaker::getState).orElse(CircuitBreaker.State.CLOSED);
    }

    /** Closes every breaker: for a new run in the same process that must not inherit the last one's (compare mode). */
    public void reset() {
        if (registry != null) {
            registry.getAllCircuitBreakers().forEach(breaker -> registry.remove(breaker.getName()));
            lastFailure.clear();
            probes.clear();
            deadSignalled.clear();
            answers.clear();
            quickProbes.values().forEach(probeEnd -> probeEnd.complete(null));
            quickProbes.clear();
        }
    }

    /** What a failure is reported to resilience4j as: the outcome is ours, the exception only says "it failed". */
    private static final class HostFailure extends Exception {
        static final HostFailure INSTANCE = new HostFailure();

        private HostFailure() {
            super("the host failed", null, false, false);
        }
    }
}
