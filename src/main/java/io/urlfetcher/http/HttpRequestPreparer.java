package io.urlfetcher.http;

import io.urlfetcher.core.ExchangeProperties;
import io.urlfetcher.core.FetchProgress;
import io.urlfetcher.core.RequestHeader;
import io.urlfetcher.core.UrlLine;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpMethods;

import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns a {@link UrlLine} message into a request for the one static camel-http endpoint: the target goes in
 * {@code CamelHttpUri} (one endpoint, one connection pool), the method is always set (camel-http sends POST for a
 * non-empty body otherwise), the body is the line's own or none, and no header of the caller reaches the server:
 * only the User-Agent, the global {@code fetch.headers} and a JSON Lines request's own headers, which win.
 */
final class HttpRequestPreparer implements Processor {

    private final UserAgents userAgents;
    private final List<RequestHeader> headers;
    private final FetchProgress progress;

    HttpRequestPreparer(UserAgents userAgents, List<RequestHeader> headers, FetchProgress progress) {
        this.userAgents = userAgents;
        this.headers = List.copyOf(headers);
        this.progress = progress;
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        UrlLine line = exchange.getMessage().getMandatoryBody(UrlLine.class);
        exchange.setProperty(ExchangeProperties.URL_LINE, line);
        exchange.setProperty(ExchangeProperties.TRACE, new FetchTrace());

        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setBody(null);
        String target = requestTarget(line.uri());
        message.setHeader(Exchange.HTTP_URI, target);
        URI targetUri = targetUri(line.uri(), target);
        if (targetUri != null) {
            exchange.setProperty(ExchangeProperties.REQUEST_TARGET, targetUri);
        }
        UrlLine.Request request = line.request();
        // The enum itself: a String would be converted per URL. Always set: camel-http would send POST for a body.
        message.setHeader(Exchange.HTTP_METHOD, request == null ? HttpMethods.GET : HttpMethods.valueOf(request.method()));
        message.setHeader("User-Agent", userAgents.next());
        for (RequestHeader header : headers) {
            message.setHeader(header.name(), header.value());
        }
        if (request != null) {
            // Message headers are case-insensitive: a request's own header replaces a global one of that name.
            request.headers().forEach(message::setHeader);
            if (request.body() != null) {
                // Bytes make a ByteArrayEntity, which is repeatable: HttpClient can send it again on a retry.
                message.setBody(request.body().getBytes(StandardCharsets.UTF_8));
            }
        }
        UsernamePasswordCredentials credentials = credentials(line.uri());
        if (credentials != null && !message.getHeaders().containsKey("Authorization")) { // headers are case-insensitive
            exchange.setProperty(UrlCredentialsExecHandler.CREDENTIALS, credentials);
        }
        exchange.setProperty(ExchangeProperties.REQUEST_START_NANOS, System.nanoTime());
        progress.requestStarted();
    }

    /**
     * What is sent: the URL without its {@code #fragment} (RFC 3986 §3.5: the fragment is the client's alone, never
     * part of the request, as curl and browsers do) and without its {@code user:password@} (sent as Basic
     * authentication instead, see {@link UrlCredentialsExecHandler}).
     */
    static String requestTarget(URI uri) {
        String target = uri.toASCIIString();
        int hash = target.indexOf('#');
        if (hash >= 0) {
            target = target.substring(0, hash);
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int start = target.indexOf("://") + 3;
            target = target.substring(0, start) + target.substring(start + userInfo.length() + 1);
        }
        return target;
    }

    /**
     * The target as the URI {@link FetchHttpProducer} sends as it is: the line's own when nothing was taken off it.
     * Null when the target has a {@code ~}, which camel-http's escaping (UnsafeUriCharactersEncoder.encodeHttpURI)
     * sends as {@code %7E}: camel-http then builds that request itself, as before. No other character of a URI that
     * {@link URI} accepts is changed by that escaping (the {@code #} is no longer there).
     */
    static URI targetUri(URI uri, String target) {
        if (target.indexOf('~') >= 0) {
            return null;
        }
        return target.equals(uri.toString()) ? uri : URI.create(target);
    }

    /**
     * The URL's user and password, percent-decoded as UTF-8 (as curl does), or null when it has none; an empty
     * {@code @} or {@code :@} is none (curl does not engage Basic for an empty user and password either).
     */
    static UsernamePasswordCredentials credentials(URI uri) {
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || userInfo.isEmpty() || userInfo.equals(":")) {
            return null;
        }
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        String password = colon < 0 ? "" : userInfo.substring(colon + 1);
        return new UsernamePasswordCredentials(decode(user), decode(password).toCharArray());
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8); // '+' is a plus here, not a space
    }
}
