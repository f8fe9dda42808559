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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One circuit breaker per {@code host:port}: after {@code fetch.host-failures} failures in a row (refused, reset or
 * closed connections, timeouts) the host's later URLs are not requested until {@code fetch.host-cooldown} has passed;
 * then one probe request goes through, and its answer closes the breaker again or its failure opens it for another
 * cool-down. Any real HTTP response resets the count.
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
        /** The host is dead or silent: refused, reset, closed, timed out. */
        FAILURE,
        /** A real HTTP response came: the host is alive. */
        SUCCESS,
        /** Says nothing about the host (DNS, the SSRF guard, a proxy, a bad URL ...). */
        NEUTRAL
    }

    /**
     * Whether a URL may be requested, why not, and the breaker that let it through (whose probe permit it may hold):
     * none for a host without failures.
     */
    public record Admission(String hostKey, boolean permitted, String reason, CircuitBreaker breaker) {
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
     * untracked; an open breaker turns the URL away; a breaker whose cool-down has passed lets one probe through.
     */
    public Admission admit(String hostKey) {
        Optional<CircuitBreaker> found = registry == null ? Optional.empty() : registry.find(hostKey);
        if (found.isEmpty()) {
            return new Admission(hostKey, true, null, null);
        }
        CircuitBreaker breaker = found.get();
        if (breaker.tryAcquirePermission()) {
            if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
                probes.put(hostKey, clock.instant());
            }
            return new Admission(hostKey, true, null, breaker);
        }
        Instant probed = probes.get(hostKey);
        if (probed != null && breaker.getState() == CircuitBreaker.State.HALF_OPEN
            && clock.instant().isAfter(probed.plus(probeLimit))) {
            probes.remove(hostKey);
            breaker.transitionToOpenState(); // the probe was lost: another cool-down, then another probe
        }
        Outcome last = lastFailure.getOrDefault(hostKey, Outcome.TIMEOUT);
        return new Admission(hostKey, false, "host " + hostKey + " failed " + failures + " times in a row ("
                + last.label() + "); not requested", breaker);
    }

    /**
     * Reports how a URL that was let through ended. A failure counts against its host (and opens the breaker at the
     * N-th in a row, or again after a failed probe); a success forgets the host's failures and closes its breaker; a
     * neutral end only gives back the probe permit it may hold.
     *
     * @param admitted what {@link #admit} answered for this URL
     */
    public void record(Admission admitted, Verdict verdict, Outcome outcome) {
        if (registry == null) {
            return;
        }
        String hostKey = admitted.hostKey();
        if (admitted.breaker() != null) {
            probes.remove(hostKey);
        }
        switch (verdict) {
            case FAILURE -> {
                lastFailure.put(hostKey, outcome);
                CircuitBreaker breaker = registry.circuitBreaker(hostKey);
                breaker.onError(0, TimeUnit.NANOSECONDS, HostFailure.INSTANCE);
            }
            case SUCCESS -> {
                // The host answered: its count starts again from nothing (and a breaker that was open or probing closes).
                registry.remove(hostKey);
                lastFailure.remove(hostKey);
            }
            case NEUTRAL -> {
                if (admitted.breaker() != null) {
                    admitted.breaker().releasePermission();
                }
            }
        }
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
        }
    }

    /**
     * What a finished URL tells about its host. Failures are what a dead host does: refuses connections, resets
     * or closes them without an answer, or stays silent until a timeout (a TLS handshake that timed out included: a
     * silent https port). Any real HTTP response (any status, a body too large, a redirect not followed ...) is a
     * success. Everything else is neutral: a name that does not resolve (cheap, and the JVM caches the answer), a TLS
     * failure with an answer (a certificate problem is a live host), a proxy's failure, the SSRF guard, garbage
     * instead of HTTP, and lines never requested.
     *
     * @param failure the exception that ended the fetch, or null
     */
    public static Verdict verdict(Outcome outcome, Throwable failure) {
        return switch (outcome) {
            case TIMEOUT, CONNECTION_REFUSED, CONNECTION_RESET, CONNECTION_CLOSED -> Verdict.FAILURE;
            case TLS_ERROR -> silentTls(failure) ? Verdict.FAILURE : Verdict.NEUTRAL;
            case OK, HTTP_ERROR, BODY_TOO_LARGE, HEADERS_TOO_LARGE, REDIRECT_LIMIT, REDIRECT_BLOCKED, DELIVERY_FAILED ->
                    Verdict.SUCCESS;
            default -> Verdict.NEUTRAL;
        };
    }

    private static boolean silentTls(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectionPhases.NoTlsAnswerException) {
                return true;
            }
        }
        return false;
    }

    /** What a failure is reported to resilience4j as: the outcome is ours, the exception only says "it failed". */
    private static final class HostFailure extends Exception {
        static final HostFailure INSTANCE = new HostFailure();

        private HostFailure() {
            super("the host failed", null, false, false);
        }
    }
}
