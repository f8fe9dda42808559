package io.urlfetcher.http;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** What of a URL goes into the request target, and what becomes Basic authentication. */
class HttpRequestPreparerTest {

    @Test
    void theTargetHasNeitherUserInfoNorFragment() {
        assertThat(HttpRequestPreparer.requestTarget(URI.create("http://ann:pw@a.example:8080/p?q=1#frag")))
                .isEqualTo("http://a.example:8080/p?q=1");
        assertThat(HttpRequestPreparer.requestTarget(URI.create("https://a.example/p%23not-a-fragment#real")))
                .isEqualTo("https://a.example/p%23not-a-fragment");
        assertThat(HttpRequestPreparer.requestTarget(URI.create("http://@a.example/"))).isEqualTo("http://a.example/");
        assertThat(HttpRequestPreparer.requestTarget(URI.create("http://a.example/x"))).isEqualTo("http://a.example/x");
    }

    @Test
    void theTargetUriIsTheLinesOwnUnlessSomethingWasTakenOffOrCamelHttpWouldEscapeIt() {
        URI plain = URI.create("http://a.example:8080/p?q=%C3%A9&i=1");
        assertThat(HttpRequestPreparer.targetUri(plain, HttpRequestPreparer.requestTarget(plain))).isSameAs(plain);
        URI withFragment = URI.create("http://ann:pw@a.example/p?q=1#frag");
        assertThat(HttpRequestPreparer.targetUri(withFragment, HttpRequestPreparer.requestTarget(withFragment)))
                .isEqualTo(URI.create("http://a.example/p?q=1"));
        URI tilde = URI.create("http://a.example/~ann/");
        assertThat(HttpRequestPreparer.targetUri(tilde, HttpRequestPreparer.requestTarget(tilde))).isNull();
    }

    @Test
    void userAndPasswordArePercentDecodedAsUtf8() {
        var credentials = HttpRequestPreparer.credentials(URI.create("http://ann%40shop:p%C3%A4ss%3Aw+d@a.example/"));

        assertThat(credentials.getUserName()).isEqualTo("ann@shop");
        assertThat(new String(credentials.getUserPassword())).isEqualTo("päss:w+d"); // '+' is not a space here
        assertThat(new String(HttpRequestPreparer.credentials(URI.create("http://ann@a.example/")).getUserPassword()))
                .isEmpty();
        assertThat(HttpRequestPreparer.credentials(URI.create("http://:pw@a.example/")).getUserName()).isEmpty();
    }

    @Test
    void noOrEmptyUserInfoIsNoCredentials() {
        assertThat(HttpRequestPreparer.credentials(URI.create("http://a.example/"))).isNull();
        assertThat(HttpRequestPreparer.credentials(URI.create("http://@a.example/"))).isNull();
        assertThat(HttpRequestPreparer.credentials(URI.create("http://:@a.example/"))).isNull();
    }
}
