package io.urlfetcher.watch;

/**
 * A list that a stop of the service cut short: its report is written beside it in {@code .running/}, and the list and
 * its state stay for the next start, which fetches only the lines without a result.
 */
final class StoppedListException extends RuntimeException {

    StoppedListException(String message) {
        super(message, null, false, false);
    }
}
