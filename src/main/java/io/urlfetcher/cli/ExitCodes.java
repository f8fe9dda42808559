package io.urlfetcher.cli;

/** The exit codes of {@code url-fetcher}: the one place they are written (the {@code --help} list says the same). */
public final class ExitCodes {

    /** The run completed, whatever each URL's outcome. */
    static final int OK = 0;
    /** {@code --fail-on-error} was given and a URL failed. */
    static final int URL_FAILED = 1;
    /** A usage or configuration error: the message says what to fix. */
    public static final int USAGE = 2;
    /** The run itself failed: the report, its spool or a saved body could not be written, or an internal error. */
    public static final int RUN_FAILED = 3;
    /** Stopped by Ctrl-C: 128 + SIGINT's number (see {@link StopSignals}). */
    static final int SIGINT = 130;
    /** Stopped by SIGTERM: 128 + its number. */
    static final int SIGTERM = 143;
    /** The report went to standard output and its reader went away ({@code | head -1}): 128 + SIGPIPE's number, as a
     * shell reports a program that SIGPIPE ended. */
    static final int OUTPUT_CLOSED = 141;

    private ExitCodes() {
    }
}
