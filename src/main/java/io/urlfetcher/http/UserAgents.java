package io.urlfetcher.http;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The User-Agent of each request: {@code random} picks one of a fixed list of common browsers per
 * request (as the original experiment did), {@code fixed} sends url-fetcher's own, anything else is
 * sent as written.
 */
public final class UserAgents {

    static final String OWN = "url-fetcher/0.1 (+https://camel.apache.org)";

    public static final List<String> BROWSERS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1");

    private final String setting;

    public UserAgents(String setting) {
        this.setting = setting == null || setting.isBlank() ? "random" : setting.strip();
    }

    public String next() {
        return switch (setting) {
            case "random" -> BROWSERS.get(ThreadLocalRandom.current().nextInt(BROWSERS.size()));
            case "fixed" -> OWN;
            default -> setting;
        };
    }
}
