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
 * The key of a request in the history: the JSON Lines request's own {@code id} when it has one, else its method and
 * its URL (without user, password or fragment), followed by a SHA-256 of what else varies it (the user and password,
 * its body, its own headers), so none of those is stored readable; a key over {@value #MAX_KEY} characters is hashed
 * whole. The same request in another run, or on another worker, has the same key.
 */
public final class HistoryKey {

    /** Longest id kept as it is; a longer one is hashed. */
    static final int MAX_ID = 200;
    /** Longest key kept as it is; a longer one is hashed. */
    static final int MAX_KEY = 1000;

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
        // What varies the request beyond its method and URL, hashed: never stored readable.
        StringBuilder varies = new StringBuilder();
        if (line.uri().getRawUserInfo() != null) {
            varies.append("user:").append(line.uri().getRawUserInfo()).append('\n');
        }
        if (request != null) { // a GET without body or headers is the plain line's request, and has its key
            if (request.body() != null) {
                varies.append("body:").append(sha256(request.body())).append('\n');
            }
            Map<String, String> headers = new TreeMap<>();
            request.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
            headers.forEach((name, value) -> varies.append(name).append(':').append(value).append('\n'));
        }
        // Readable and in the list's order: the lines of a chunk fall on few pages of the table's index.
        String key = (request == null ? "GET" : request.method()) + " " + shownUrl(line.uri())
                     + (varies.isEmpty() ? "" : " #" + sha256(varies.toString()));
        return key.length() <= MAX_KEY ? key : "req:" + sha256(key);
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
