package io.urlfetcher.flow.result;

import io.urlfetcher.Outcome;
import io.urlfetcher.http.FailureClassifier;

import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.junit.jupiter.api.Test;

import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureTextTest {

    private static String text(Outcome outcome, Throwable decisive) {
        return FailureText.of(new FailureClassifier.Classification(outcome, decisive));
    }

    @Test
    void aFailureTheOutcomeAlreadyNamesIsGivenPlainly() {
        assertThat(text(Outcome.CONNECTION_REFUSED, new HttpHostConnectException("Connect to http://127.0.0.1:1 failed: Connection refused")))
                .isEqualTo("connection_refused: Connect to http://127.0.0.1:1 failed: Connection refused");
        assertThat(text(Outcome.DNS_FAILURE, new UnknownHostException("nosuch.invalid")))
                .isEqualTo("dns_failure: no address found for nosuch.invalid");
    }

    @Test
    void theExceptionIsNamedWhereItIsTheClue() {
        assertThat(text(Outcome.HEADERS_TOO_LARGE, new MessageConstraintException("Maximum header count exceeded")))
                .isEqualTo("headers_too_large: MessageConstraintException: Maximum header count exceeded");
        assertThat(text(Outcome.INTERNAL_ERROR, new IllegalStateException()))
                .isEqualTo("internal_error: IllegalStateException");
    }

    @Test
    void aPasswordInTheMessageIsRemoved() {
        assertThat(text(Outcome.CONNECTION_REFUSED, new HttpHostConnectException("Connect to http://me:s3cret@127.0.0.1:1 failed")))
                .doesNotContain("s3cret");
    }
}
