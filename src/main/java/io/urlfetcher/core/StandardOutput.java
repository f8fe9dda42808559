package io.urlfetcher.core;

import java.io.PrintStream;

/**
 * The command's standard output when the report goes there ({@code --sink -}): whole lines, each flushed as it is
 * written, never two at once. A reader that goes away ({@code | head -1}) closes the pipe: the first write that fails
 * runs the hook the command set (it stops the run), and later writes are dropped. One per process, as the stream is.
 */
public final class StandardOutput {

    /** Where {@code --sink -} sends the report ({@code fetch.sink-uri}). */
    public static final String SINK = "-";

    private static PrintStream out = System.out;
    private static Runnable onClosed = () -> { };
    private static boolean closed;

    private StandardOutput() {
    }

    /** For a run: write to {@code stream}, and call {@code whenClosed} once if its reader goes away. */
    public static synchronized void use(PrintStream stream, Runnable whenClosed) {
        out = stream;
        onClosed = whenClosed;
        closed = false;
    }

    /** Writes the text, ending it with a newline if it has none, and flushes it. */
    public static synchronized void writeLine(String text) {
        if (closed) {
            return;
        }
        out.print(text.endsWith("\n") ? text : text + "\n");
        out.flush();
        if (out.checkError()) { // PrintStream keeps an EPIPE to itself: this is how a closed pipe shows
            closed = true;
            onClosed.run();
        }
    }

    /** Whether a write failed because the reader went away. */
    public static synchronized boolean closed() {
        return closed;
    }

    public static boolean isSink(String sinkUri) {
        return sinkUri != null && sinkUri.strip().equals(SINK);
    }
}
