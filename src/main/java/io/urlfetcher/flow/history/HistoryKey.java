package io.urlfetcher.flow.history;

import io.urlfetcher.core.UrlLine;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The key of a request in the history: the JSON Lines request's own {@code id} when it has one, else a SHA-256 of what
 * makes the request: its method, its URL (with any user and password, so they are never stored readable), its body
 * and its own headers. The same request in another run, or on another worker, has the same key.
 */
public final class HistoryKey {

    /** Longest id kept as it is; a longer one is hashed. */
    static final int MAX_ID = 200;

    private HistoryKey() {
    }

    public static String of(UrlLine line) {
        Map<String, Object> fields = line.fields();
        Object id = fields == null ? null : fields.get("id");
        if (id != null && !(id instanceof Map) && !(id instanceof Iterable)) {
            String text = String.valueOf(id);
            return text.length() <= MAX_ID ? "id:" + text : "id#" + sha256(text);
        }
        UrlLine.Request request = line.request();
        StringBuilder what = new StringBuilder(128)
                .append(request == null ? "GET" : request.method()).append('\n')
                .append(withoutFragment(line.uri().toASCIIString())).append('\n');
        if (request != null) { // a GET without body or headers is the plain line's request, and has its key
            if (request.body() != null) {
                what.append("body:").append(sha256(request.body())).append('\n');
            }
            Map<String, String> headers = new TreeMap<>();
            request.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
            headers.forEach((name, value) -> what.append(name).append(':').append(value).append('\n'));
        }
        return "req:" + sha256(what.toString());
    }

    /** The URL as the history shows it: without user, password or fragment. */
    public static String shownUrl(URI uri) {
        String url = withoutFragment(uri.toString());
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null) {
            return url;
        }
        int start = url.indexOf("://") + 3;
        return url.substring(0, start) + url.substring(start + userInfo.length() + 1);
    }

    private static String withoutFragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
