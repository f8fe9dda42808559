package io.urlfetcher.http;

import io.urlfetcher.Outcome;
import io.urlfetcher.core.SecretRedactor;

import org.apache.hc.client5.http.impl.DefaultRedirectStrategy;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;

import java.net.URI;
import java.util.Locale;

/**
 * HttpClient's redirect rules, plus two refusals (as browsers and curl's {@code --proto-redir} do): a Location that
 * is not http or https ({@code file:}, {@code ftp:} ...), and an https URL sent to http unless
 * {@code fetch.allow-downgrade} is on. Either ends the URL as {@link Outcome#REDIRECT_BLOCKED}.
 */
final class FetchRedirectStrategy extends DefaultRedirectStrategy {

    private final boolean allowDowngrade;

    FetchRedirectStrategy(boolean allowDowngrade) {
        this.allowDowngrade = allowDowngrade;
    }

    @Override
    public URI getLocationURI(HttpRequest request, HttpResponse response, HttpContext context) throws HttpException {
        URI location = super.getLocationURI(request, response, context);
        String scheme = location.getScheme() == null ? "" : location.getScheme().toLowerCase(Locale.ROOT);
        String shown = SecretRedactor.redact(location.toString());
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RedirectBlockedException("redirect to a " + (scheme.isEmpty() ? "scheme-less" : scheme + ":")
                                               + " URL not followed (only http and https are): Location " + shown);
        }
        if (scheme.equals("http") && !allowDowngrade && "https".equalsIgnoreCase(currentScheme(request, context))) {
            throw new RedirectBlockedException("redirect from https to http not followed (--allow-downgrade follows it): Location "
                                               + shown);
        }
        return location;
    }

    private static String currentScheme(HttpRequest request, HttpContext context) {
        if (request.getScheme() != null) {
            return request.getScheme();
        }
        HttpClientContext client = HttpClientContext.castOrCreate(context);
        return client.getHttpRoute() == null ? null : client.getHttpRoute().getTargetHost().getSchemeName();
    }
}
