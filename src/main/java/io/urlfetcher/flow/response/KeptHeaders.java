package io.urlfetcher.flow.response;

import io.urlfetcher.core.SecretRedactor;

import org.apache.camel.Message;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The response headers {@code fetch.keep-headers} names, as curl's {@code %{header_json}} gives them: lower-case
 * names, every value in a list. Values that carry credentials ({@code Set-Cookie}, and any Authorization or Cookie
 * header a server echoes) keep their names and attributes but lose their values.
 */
public final class KeptHeaders {

    private static final Set<String> SECRET = Set.of("set-cookie", "set-cookie2", "cookie", "authorization",
            "proxy-authorization");

    private final List<String> names;
    private final boolean all;

    /** @param names lower-case header names, or {@code *} for all */
    public KeptHeaders(List<String> names) {
        this.names = List.copyOf(names);
        this.all = names.contains("*");
    }

    /** The kept headers of the response camel-http put on the message (Camel's own headers left out), or null. */
    public Map<String, List<String>> of(Message response) {
        if (names.isEmpty()) {
            return null;
        }
        Map<String, List<String>> kept = new TreeMap<>();
        for (Map.Entry<String, Object> header : response.getHeaders().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("camel") || !(all || names.contains(name))) {
                continue;
            }
            List<String> values = kept.computeIfAbsent(name, n -> new ArrayList<>());
            if (header.getValue() instanceof Collection<?> many) {
                many.forEach(value -> values.add(shown(name, String.valueOf(value))));
            } else {
                values.add(shown(name, String.valueOf(header.getValue())));
            }
        }
        return kept;
    }

    /** {@code sid=abc; Path=/; HttpOnly} becomes {@code sid=***; Path=/; HttpOnly}. */
    static String shown(String name, String value) {
        if (!SECRET.contains(name)) {
            return value;
        }
        if (name.startsWith("set-cookie")) {
            int equals = value.indexOf('=');
            int semicolon = value.indexOf(';');
            String cookie = equals < 0 ? "" : value.substring(0, equals + 1);
            return cookie + SecretRedactor.MASK + (semicolon < 0 ? "" : value.substring(semicolon));
        }
        return SecretRedactor.MASK;
    }
}
