package io.urlfetcher.http;

import io.urlfetcher.Outcome;
import io.urlfetcher.core.NotStartedException;
import io.urlfetcher.core.DeliveryFailedException;
import io.urlfetcher.core.RunInterruptedException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.RedirectException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpStreamResetException;
import org.apache.hc.core5.http2.H2ConnectionException;
import org.apache.hc.core5.http2.hpack.HeaderListConstraintException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.TruncatedChunkException;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Maps a failed fetch to an {@link Outcome} by the exception's type, walking the cause chain:
 * messages differ between JDKs and are sometimes null, types do not.
 */
public final class FailureClassifier {

    /** The outcome, and the exception in the chain that decided it (the one worth quoting). */
    public record Classification(Outcome outcome, Throwable decisive) {
    }

    Outcome classify(Throwable failure) {
        return explain(failure).outcome();
    }

    public Classification explain(Throwable failure) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Outcome outcome = classifyOne(t);
            if (outcome != null) {
                return new Classification(outcome, t);
            }
            root = t;
        }
        return new Classification(failure instanceof IOException ? Outcome.IO_ERROR : Outcome.INTERNAL_ERROR, root);
    }

    private static Outcome classifyOne(Throwable t) {
        // Order matters: several of these extend each other (ConnectTimeoutException is an InterruptedIOException).
        if (t instanceof BodyReader.CopyFailedException || t instanceof DeliveryFailedException) {
            return Outcome.DELIVERY_FAILED; // before the I/O error it wraps: the fetch itself went well
        }
        if (t instanceof HostUnavailableException) {
            return Outcome.HOST_UNAVAILABLE; // not requested: its host's circuit breaker is open
        }
        if (t instanceof ProxyException) {
            return Outcome.PROXY_ERROR; // before the connection failure it wraps: that was the proxy's, not the target's
        }
        if (t instanceof NotStartedException) {
            return Outcome.NOT_STARTED;
        }
        if (t instanceof RunInterruptedException) {
            return Outcome.INTERRUPTED; // before the timeout: the abort's own I/O error may be an InterruptedIOException
        }
        if (t instanceof DeadlineExceededException || t instanceof ConnectTimeoutException
                || t instanceof InterruptedIOException) {
            return Outcome.TIMEOUT;
        }
        if (t instanceof BodyTooLargeException) {
            return Outcome.BODY_TOO_LARGE;
        }
        if (t instanceof MessageConstraintException || t instanceof HeaderListConstraintException) {
            return Outcome.HEADERS_TOO_LARGE; // the second: HTTP/2's header list past H2Config's size, not broken HTTP
        }
        if (t instanceof BlockedAddressException) {
            return Outcome.BLOCKED;
        }
        if (t instanceof UnknownHostException) {
            return Outcome.DNS_FAILURE;
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            return Outcome.CONNECTION_REFUSED;
        }
        if (t instanceof SSLException) {
            return Outcome.TLS_ERROR;
        }
        if (t instanceof RedirectBlockedException) {
            return Outcome.REDIRECT_BLOCKED;
        }
        if (t instanceof RedirectException) {
            return Outcome.REDIRECT_LIMIT;
        }
        if (t instanceof BodyCutShortException || t instanceof NoHttpResponseException
                || t instanceof ConnectionClosedException || t instanceof TruncatedChunkException) {
            return Outcome.CONNECTION_CLOSED; // before the protocol errors they extend or sit beside
        }
        if (t instanceof MalformedChunkCodingException || t instanceof H2ConnectionException // broken HTTP/2 framing
                || t instanceof ProtocolException
                || t instanceof ParseException || t instanceof HttpException) {
            return Outcome.PROTOCOL_ERROR;
        }
        if (t instanceof SocketException || t instanceof HttpStreamResetException) {
            return Outcome.CONNECTION_RESET; // an HTTP/2 RST_STREAM is the reset of one request's stream
        }
        if (t instanceof URISyntaxException) {
            return Outcome.INVALID_URL;
        }
        return null;
    }
}
