package io.urlfetcher.flow;

import java.lang.reflect.Method;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread pools the split fetches on: exactly {@code size} threads, platform or (on Java 21+, when
 * asked) virtual, and a short queue whose submitter waits when it is full. Camel's parallel split runs
 * its own iteration as tasks on the same executor, so on a fixed-size pool it reads lines about as fast
 * as they are fetched (a test checks it); on a thread-per-task executor, which is what Camel's pools
 * become with virtual threads on, it would read and start the whole list at once. The fixed size keeps
 * the bound on virtual threads too, and the waiting queue is a second bound on read-ahead.
 */
final class FetchExecutors {

    /** Lines read ahead of the running fetches, per thread. */
    private static final int QUEUE_PER_THREAD = 2;

    private FetchExecutors() {
    }

    public static ThreadPoolExecutor create(String name, int size, boolean virtualThreads) {
        BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(Math.max(16, size * QUEUE_PER_THREAD));
        ThreadFactory threads = virtualThreads ? virtualThreadFactory(name) : platformThreadFactory(name);
        ThreadPoolExecutor executor = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, queue, threads,
                (task, pool) -> waitForRoom(task, pool, queue));
        // Started now, not one per submitted line: at C = 100 creating them on demand delayed the first round by 0.1 s.
        executor.prestartAllCoreThreads();
        return executor;
    }

    /**
     * The timer of the per-URL deadlines. A deadline is cancelled as soon as its URL is done; without
     * remove-on-cancel every cancelled deadline would stay queued for the whole timeout (at 16,000 URLs a
     * second and a 30 s timeout, half a million of them, with their requests).
     */
    static ScheduledThreadPoolExecutor deadlineTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, platformThreadFactory("fetch-deadline"));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** True when this JVM has virtual threads (Java 21+). */
    public static boolean virtualThreadsAvailable() {
        return Runtime.version().feature() >= 21;
    }

    private static void waitForRoom(Runnable task, ThreadPoolExecutor pool, BlockingQueue<Runnable> queue) {
        if (pool.isShutdown()) {
            throw new RejectedExecutionException("the fetch pool is shut down");
        }
        try {
            queue.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while waiting for room in the fetch pool", e);
        }
    }

    private static ThreadFactory platformThreadFactory(String name) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + " #" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** {@code Thread.ofVirtual().name(name + " #", 1).factory()}, by reflection: the project compiles for Java 17. */
    private static ThreadFactory virtualThreadFactory(String name) {
        if (!virtualThreadsAvailable()) {
            return platformThreadFactory(name);
        }
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            Method named = ofVirtual.getMethod("name", String.class, long.class);
            builder = named.invoke(builder, name + " #", 1L);
            return (ThreadFactory) ofVirtual.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not create virtual threads on Java " + Runtime.version(), e);
        }
    }
}
