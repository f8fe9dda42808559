package io.urlfetcher;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.util.Timeout;

import java.util.concurrent.ScheduledExecutorService;

/**
 * Sets up the HttpClient behind the fetch endpoint: honest attempt counts (no automatic retries),
 * no cookies carried from one URL to the next, redirects up to a limit, the connect timeout, and the
 * hard per-URL deadline.
 */
@SuppressWarnings("deprecation") // RequestConfig.setConnectTimeout: still honoured per request by HttpClient 5.5
public final class FetchHttpClientConfigurer implements HttpClientConfigurer {

    private final FetchSettings settings;
    private final ScheduledExecutorService deadlineScheduler;

    public FetchHttpClientConfigurer(FetchSettings settings, ScheduledExecutorService deadlineScheduler) {
        this.settings = settings;
        this.deadlineScheduler = deadlineScheduler;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        Timeout timeout = Timeout.of(settings.timeout());
        builder.disableAutomaticRetries()
                .disableCookieManagement()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout)
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setResponseTimeout(timeout)
                        .setRedirectsEnabled(settings.maxRedirects() > 0)
                        .setMaxRedirects(settings.maxRedirects())
                        .setCircularRedirectsAllowed(false)
                        .build())
                .addExecInterceptorFirst("url-fetcher-deadline",
                        new DeadlineExecHandler(deadlineScheduler, settings.timeout().toMillis()));
    }
}
