package io.urlfetcher.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretRedactorTest {

    @Test
    void masksThePasswordAndKeepsTheUser() {
        assertThat(SecretRedactor.redact("https://alice:s3cr3t@api.example/v1?q=1"))
                .isEqualTo("https://alice:***@api.example/v1?q=1");
    }

    @Test
    void masksPasswordsThatContainAnAtSign() {
        assertThat(SecretRedactor.redact("http://bob:p@ss@host.example/")).isEqualTo("http://bob:***@host.example/");
    }

    @Test
    void masksUrlsInsideMessages() {
        assertThat(SecretRedactor.redact("Connect to http://u:hunter2@10.0.0.1:80 failed"))
                .isEqualTo("Connect to http://u:***@10.0.0.1:80 failed").doesNotContain("hunter2");
    }

    @Test
    void leavesUrlsWithoutPasswordsAlone() {
        assertThat(SecretRedactor.redact("http://example.com/a@b")).isEqualTo("http://example.com/a@b");
        assertThat(SecretRedactor.redact("http://user@example.com/")).isEqualTo("http://user@example.com/");
    }

    @Test
    void masksPasswordParametersOfBrokerUrls() {
        assertThat(SecretRedactor.redact("tcp://broker:61616?user=fetcher&password=hunter2&reconnectAttempts=5"))
                .isEqualTo("tcp://broker:61616?user=fetcher&password=***&reconnectAttempts=5");
        assertThat(SecretRedactor.redact("tcp://broker:61616?PASSWORD=x")).isEqualTo("tcp://broker:61616?PASSWORD=***");
        assertThat(SecretRedactor.redact("http://example.com/?passwords=list")).isEqualTo("http://example.com/?passwords=list");
    }

    @Test
    void masksEveryFormOfPasswordParameterAndLeavesOtherQueriesAlone() {
        assertThat(SecretRedactor.redact("http://h/p?a=1;Pwd=x&passwd=y&q=2"))
                .isEqualTo("http://h/p?a=1;Pwd=***&passwd=***&q=2");
        assertThat(SecretRedactor.redact("http://h/bytes/1k?i=42&x=password")).isEqualTo("http://h/bytes/1k?i=42&x=password");
        assertThat(SecretRedactor.redact("password=x")).isEqualTo("password=x"); // no ?, & or ; before it
        assertThat(SecretRedactor.redact("=")).isEqualTo("=");
    }
}
