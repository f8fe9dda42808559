package io.urlfetcher.flow.result;

import io.urlfetcher.Outcome;
import io.urlfetcher.core.SecretRedactor;
import io.urlfetcher.http.FailureClassifier;
import io.urlfetcher.http.HostUnavailableException;
import io.urlfetcher.http.TlsFailureReason;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A failed result's {@code error}, in plain words: the outcome, then the reason. The Java exception's name is given
 * only where it adds something: not for our own exceptions, whose messages say it all, nor for the network failures
 * whose outcome already names them ({@code connection_refused: Connect to http://127.0.0.1:1 failed: Connection
 * refused}); it is kept for the rest ({@code headers_too_large: MessageConstraintException: ...}), where it is the
 * clue.
 */
final class FailureText {

    /** Failures the outcome already names, by type (subclasses too: HttpClient's HttpHostConnectException is one). */
    private static final List<Class<? extends Throwable>> NAMED_BY_OUTCOME = List.of(ConnectException.class,
            SocketTimeoutException.class, UnknownHostException.class,
            org.apache.hc.core5.http.NoHttpResponseException.class);

    private FailureText() {
    }

    static String of(FailureClassifier.Classification why) {
        Throwable t = why.decisive();
        String message = t.getMessage() == null ? null : SecretRedactor.redact(t.getMessage());
        if (t instanceof HostUnavailableException) {
            return message; // our own decision, not a failure of the fetch: the reason is all there is to say
        }
        String tls = why.outcome() == Outcome.TLS_ERROR ? TlsFailureReason.of(t) + ": " : "";
        if (message == null) {
            return why.outcome().label() + ": " + tls + t.getClass().getSimpleName();
        }
        if (t instanceof UnknownHostException && !message.contains(" ")) {
            return why.outcome().label() + ": no address found for " + message; // the JDK's message is the bare host
        }
        boolean plain = t.getClass().getName().startsWith("io.urlfetcher.")
                        || NAMED_BY_OUTCOME.stream().anyMatch(type -> type.isInstance(t));
        return why.outcome().label() + ": " + tls + (plain ? "" : t.getClass().getSimpleName() + ": ") + message;
    }
}
