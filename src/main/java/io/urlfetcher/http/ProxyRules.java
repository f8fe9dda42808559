package io.urlfetcher.http;

import io.urlfetcher.core.SecretRedactor;

import org.apache.hc.core5.http.HttpHost;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which proxy, if any, a target goes through, read the way curl reads it: {@code fetch.proxy} for every URL, else
 * {@code http_proxy} (lower case only: an upper-case {@code HTTP_PROXY} can be set by a CGI request's
 * {@code Proxy:} header) for http URLs and {@code https_proxy}/{@code HTTPS_PROXY} for https URLs, then
 * {@code all_proxy}/{@code ALL_PROXY}; lower case wins. Hosts on {@code fetch.no-proxy} (else
 * {@code no_proxy}/{@code NO_PROXY}) go direct.
 */
public final class ProxyRules {

    /** curl's default proxy port. */
    static final int DEFAULT_PORT = 1080;

    /** No proxy for any URL. */
    static final ProxyRules NONE = new ProxyRules(null, null, null, List.of());

    /** A proxy and its credentials (null when it has none). */
    public record Proxy(HttpHost host, String user, String password) {

        boolean hasCredentials() {
            return user != null;
        }

        /** {@code http://host:port}: never the credentials. */
        @Override
        public String toString() {
            return host.toURI();
        }
    }

    private static final Pattern PROXY = Pattern.compile(
            "(?:([A-Za-z][A-Za-z0-9+.-]*)://)?(?:([^@/]*)@)?(\\[[0-9A-Fa-f:.]+\\]|[^:/\\[\\]@]+)(?::(\\d{1,5}))?/?");

    private final Proxy forAll;
    private final Proxy forHttp;
    private final Proxy forHttps;
    private final List<Exclusion> noProxy;

    private ProxyRules(Proxy forAll, Proxy forHttp, Proxy forHttps, List<Exclusion> noProxy) {
        this.forAll = forAll;
        this.forHttp = forHttp;
        this.forHttps = forHttps;
        this.noProxy = noProxy;
    }

    /**
     * @param proxy       {@code fetch.proxy}, empty to read the environment
     * @param noProxy     {@code fetch.no-proxy}, empty to read the environment
     * @param environment an environment variable's value by name, null when unset ({@code System::getenv})
     * @throws IllegalArgumentException naming the setting or variable whose proxy cannot be used
     */
    public static ProxyRules from(String proxy, String noProxy, Function<String, String> environment) {
        List<Exclusion> exclusions = parseNoProxy(!isBlank(noProxy) ? noProxy
                : first(environment, "no_proxy", "NO_PROXY"));
        if (!isBlank(proxy)) {
            Proxy given = parse(proxy, "fetch.proxy");
            return new ProxyRules(given, given, given, exclusions);
        }
        Proxy all = fromVariable(environment, "all_proxy", "ALL_PROXY");
        Proxy http = fromVariable(environment, "http_proxy");
        Proxy https = fromVariable(environment, "https_proxy", "HTTPS_PROXY");
        return new ProxyRules(all, http, https, exclusions);
    }

    /** Whether any URL may go through a proxy. */
    public boolean any() {
        return forAll != null || forHttp != null || forHttps != null;
    }

    /** The distinct proxies in use, for their credentials. */
    List<Proxy> proxies() {
        List<Proxy> proxies = new ArrayList<>();
        for (Proxy p : new Proxy[] { forAll, forHttp, forHttps }) {
            if (p != null && !proxies.contains(p)) {
                proxies.add(p);
            }
        }
        return proxies;
    }

    /** The proxy for this target, or empty to connect directly. */
    Optional<Proxy> forTarget(String scheme, String host, int port) {
        String s = scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT);
        Proxy proxy = "https".equals(s) ? forHttps : "http".equals(s) ? forHttp : null;
        if (proxy == null) {
            proxy = forAll;
        }
        if (proxy == null) {
            return Optional.empty();
        }
        int p = port > 0 ? port : "https".equals(s) ? 443 : 80;
        String h = normalizeHost(host);
        for (Exclusion exclusion : noProxy) {
            if (exclusion.matches(h, p)) {
                return Optional.empty();
            }
        }
        return Optional.of(proxy);
    }

    /** A proxy string with its password replaced by {@code ***} (it may be written without a scheme). */
    public static String redact(String proxy) {
        if (proxy == null) {
            return null;
        }
        String text = proxy.strip();
        int at = text.lastIndexOf('@');
        if (at < 0) {
            return text;
        }
        int start = text.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        String userInfo = text.substring(start, at);
        int colon = userInfo.indexOf(':');
        return colon < 0 ? text : text.substring(0, start) + userInfo.substring(0, colon) + ":" + SecretRedactor.MASK
                                  + text.substring(at);
    }

    public static Proxy parse(String text, String source) {
        Matcher m = PROXY.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(source + " '" + redact(text) + "' is not a proxy like http://host:3128");
        }
        String scheme = m.group(1) == null ? "http" : m.group(1).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException(source + " '" + redact(text) + "': only http:// proxies are supported, not "
                                               + scheme + "://");
        }
        int port = m.group(4) == null ? DEFAULT_PORT : Integer.parseInt(m.group(4));
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(source + " '" + redact(text) + "': the port must be from 1 to 65535");
        }
        String host = m.group(3);
        String user = null;
        String password = null;
        if (m.group(2) != null) {
            String userInfo = m.group(2);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        return new Proxy(new HttpHost("http", host.replace("[", "").replace("]", ""), port), user, password);
    }

    private static Proxy fromVariable(Function<String, String> environment, String... names) {
        for (String name : names) {
            String value = environment.apply(name);
            if (!isBlank(value)) {
                return parse(value, name);
            }
        }
        return null;
    }

    private static String first(Function<String, String> environment, String... names) {
        for (String name : names) {
            String value = environment.apply(name);
            if (!isBlank(value)) {
                return value;
            }
        }
        return "";
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private static String normalizeHost(String host) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    // --- NO_PROXY ---

    /** One NO_PROXY entry: every host, a name and its subdomains, or an IP address or CIDR range; optionally one port. */
    private record Exclusion(String name, byte[] network, int bits, int port) {

        boolean matches(String host, int targetPort) {
            if (port > 0 && port != targetPort) {
                return false;
            }
            if (name != null) {
                return name.equals("*") || host.equals(name) || host.endsWith("." + name);
            }
            byte[] address = ipLiteral(host);
            if (address == null || address.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    static List<Exclusion> parseNoProxy(String text) {
        List<Exclusion> exclusions = new ArrayList<>();
        if (text == null) {
            return exclusions;
        }
        for (String raw : text.split("[,\\s]+")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            int port = -1;
            if (entry.startsWith("[")) { // [v6] or [v6]:port
                int close = entry.indexOf(']');
                if (close > 0 && entry.startsWith("]:", close)) {
                    port = parsePort(entry.substring(close + 2));
                }
                entry = close > 0 ? entry.substring(1, close) : entry.substring(1);
            } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) { // host:port
                port = parsePort(entry.substring(entry.indexOf(':') + 1));
                entry = entry.substring(0, entry.indexOf(':'));
            }
            String address = entry;
            int bits = -1;
            int slash = entry.indexOf('/');
            if (slash > 0) {
                address = entry.substring(0, slash);
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    continue; // not an entry curl would match either
                }
            }
            byte[] network = ipLiteral(address);
            if (network != null) {
                int max = network.length * 8;
                exclusions.add(new Exclusion(null, network, bits < 0 || bits > max ? max : bits, port));
            } else if (slash < 0) {
                String name = entry.startsWith(".") ? entry.substring(1) : entry;
                name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
                if (!name.isEmpty()) {
                    exclusions.add(new Exclusion(name, null, 0, port));
                }
            }
        }
        return exclusions;
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The bytes of an IP literal (never a DNS lookup), or null for a name. */
    private static byte[] ipLiteral(String host) {
        if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !(host.contains(":") && host.matches("[0-9a-f:.]+"))) {
            return null;
        }
        try {
            return InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
