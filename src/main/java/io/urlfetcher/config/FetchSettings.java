package io.urlfetcher.config;

import io.urlfetcher.ByteSizes;
import io.urlfetcher.Choices;
import io.urlfetcher.ConfigurationException;
import io.urlfetcher.Durations;
import io.urlfetcher.FetchMode;
import io.urlfetcher.core.RequestHeader;
import io.urlfetcher.core.SecretRedactor;
import io.urlfetcher.distributed.BrokerSettings;
import io.urlfetcher.flow.FetchPools;
import io.urlfetcher.flow.RunSettings;
import io.urlfetcher.flow.history.HistorySettings;
import io.urlfetcher.flow.list.InputFormat;
import io.urlfetcher.flow.response.ResponseSettings;
import io.urlfetcher.http.HttpSettings;
import io.urlfetcher.http.ProxyRules;
import io.urlfetcher.http.RetryPolicy;
import io.urlfetcher.http.TlsSettings;
import io.urlfetcher.report.ConsoleSettings;
import io.urlfetcher.report.ReportFormat;
import io.urlfetcher.report.ReportSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code fetch.*} settings, read once and checked, grouped by the concern that uses them: each class takes only
 * its group. Invalid values fail here with a {@link ConfigurationException} whose message names the property and says
 * how to fix it.
 *
 * @param run     what a batch fetches and how ({@code flow})
 * @param http    how each request is made and limited ({@code http})
 * @param report  where the report goes ({@code report})
 * @param console what the command line prints ({@code report})
 * @param service the long-running modes ({@code cli})
 * @param broker  the broker of distributed runs ({@code distributed})
 */
public record FetchSettings(RunSettings run, HttpSettings http, ReportSettings report, ConsoleSettings console,
                            ServiceSettings service, BrokerSettings broker) {

    public static final String PREFIX = "fetch.";

    /** @param property looks up a property by its full name, e.g. {@code fetch.mode} */
    public static FetchSettings from(Function<String, Optional<String>> property) {
        Reader r = new Reader(property);
        int maxConcurrency = r.parse("max-concurrency", "1000", v -> positive(Integer.parseInt(v.strip()), 100_000));
        int concurrency = r.parse("concurrency", "20", v -> allowedConcurrency(Integer.parseInt(v.strip()), maxConcurrency));
        RunSettings run = new RunSettings(
                r.text("urls", ""),
                r.parse("demo", "false", FetchSettings::parseBoolean),
                r.parse("mode", "parallel", FetchMode::parse),
                concurrency,
                maxConcurrency,
                r.parse("input-format", "auto", InputFormat::parse),
                r.parse("dedupe", "false", FetchSettings::parseBoolean),
                r.parse("virtual-threads", "false", FetchSettings::parseBoolean),
                // Not capped at fetch.concurrency: a Kamelet call may ask for more, and the per-host limit is its own.
                r.parse("per-host", "10000", v -> positive(Integer.parseInt(v.strip()), 10_000)),
                r.parse("rate", "0", v -> atLeastZero(Integer.parseInt(v.strip()))),
                r.parse("grace", "5s", Durations::parse),
                r.text("state", ""),
                r.parse("state-reset", "false", FetchSettings::parseBoolean),
                new ResponseSettings(
                        r.text("save-bodies", ""),
                        r.parse("save-on", "ok", ResponseSettings.SaveOn::parse),
                        r.parse("inline-body", "0", v -> v.strip().equals("0") ? 0L : positiveSize(ByteSizes.parse(v), 16 << 20)),
                        r.parse("keep-headers", "", ResponseSettings::parseHeaderNames),
                        r.text("response-sink", ""),
                        r.parse("hash", "sha256", ResponseSettings::parseHash)),
                new HistorySettings(
                        r.text("history", ""),
                        r.parse("conditional", "true", FetchSettings::parseBoolean),
                        r.parse("deliver", "auto", HistorySettings.Deliver::parse)));
        if (!run.history().location().isEmpty() && run.mode() == FetchMode.COMPARE) {
            throw new ConfigurationException("fetch.history cannot be used with --mode compare: its second run would"
                    + " find every page just fetched unchanged");
        }
        HttpSettings http = new HttpSettings(
                r.parse("connect-timeout", "5s", FetchSettings::positiveDuration),
                r.parse("timeout", "30s", FetchSettings::positiveDuration),
                r.parse("read-timeout", "10s", FetchSettings::positiveDuration),
                r.text("user-agent", "random"),
                r.parse("headers", "", FetchSettings::parseHeaders),
                r.parse("max-redirects", "5", v -> atLeastZero(Integer.parseInt(v.strip()))),
                r.parse("max-body", "10MB", v -> positiveSize(ByteSizes.parse(v), Long.MAX_VALUE)),
                r.parse("max-header-size", "64KB", v -> (int) positiveSize(ByteSizes.parse(v), 16 << 20)),
                new RetryPolicy(
                        r.parse("retries", "0", v -> atLeastZero(Integer.parseInt(v.strip()))),
                        r.parse("retry-on", "429,502,503,504", RetryPolicy::parseStatuses),
                        r.parse("retry-backoff", "500ms", FetchSettings::positiveDuration),
                        r.parse("retry-backoff-max", "10s", FetchSettings::positiveDuration),
                        r.parse("max-retry-after", "30s", Durations::parse)),
                r.parse("retry-post", "false", FetchSettings::parseBoolean),
                r.parse("block-private", "true", FetchSettings::parseBoolean),
                r.parse("allow-private", "", FetchSettings::parseHostPorts),
                r.parse("proxy", "", FetchSettings::proxy),
                r.text("no-proxy", ""),
                r.parse("allow-downgrade", "false", FetchSettings::parseBoolean),
                r.parse("http2", "false", FetchSettings::parseBoolean),
                new TlsSettings(
                        r.text("cacert", ""),
                        r.parse("cacert-only", "false", FetchSettings::parseBoolean),
                        r.parse("insecure", "false", FetchSettings::parseBoolean),
                        r.text("cert", ""),
                        r.text("key", ""),
                        property.apply(PREFIX + "cert-password").orElse(""),
                        r.parse("tls-handshake-timeout", "3s", FetchSettings::positiveDuration)),
                r.parse("host-failures", "5", v -> atLeastZero(Integer.parseInt(v.strip()))),
                r.parse("host-cooldown", "30s", FetchSettings::positiveDuration));
        ReportSettings report = new ReportSettings(
                r.text("sink-uri", "file:reports?tempPrefix=.writing-"),
                r.parse("format", "json", v -> Choices.parse(v, ReportFormat.class)),
                r.text("html", ""));
        ConsoleSettings console = new ConsoleSettings(
                r.parse("quiet", "false", FetchSettings::parseBoolean),
                r.parse("progress-every", "5s", FetchSettings::positiveDuration),
                r.parse("fail-on-error", "false", FetchSettings::parseBoolean),
                r.parse("fail-on", "", FetchSettings::parseFailOn));
        ServiceSettings service = new ServiceSettings(
                r.text("watch", ""),
                r.parse("watch-settle", "2s", FetchSettings::positiveDuration),
                // Left out of application.properties when off: the route's optional placeholder drops doneFileName only then.
                property.apply(PREFIX + "watch-done-file").map(FetchSettings::doneFileName).orElse(""),
                r.parse("http-port", "0", v -> atLeastZero(Integer.parseInt(v.strip()))),
                r.parse("http-host", "127.0.0.1", FetchSettings::httpHost),
                r.parse("every", "", v -> v.isEmpty() ? Duration.ZERO : positiveDuration(v)),
                r.parse("rounds", "0", v -> (long) atLeastZero(Integer.parseInt(v.strip()))));
        BrokerSettings broker = new BrokerSettings(
                r.text("broker-url", ""),
                r.text("broker-user", ""),
                property.apply(PREFIX + "broker-password").orElse(""),
                r.parse("broker-port", "61616", v -> positive(Integer.parseInt(v.strip()), 65_535)),
                r.text("broker-data", "broker-data"),
                r.parse("jobs-queue", "fetch.jobs", FetchSettings::queueName),
                r.parse("results-queue", "fetch.results", FetchSettings::queueName),
                r.parse("dead-letter-queue", "DLQ", FetchSettings::queueName),
                r.parse("expiry-queue", "ExpiryQueue", FetchSettings::queueName),
                r.parse("max-deliveries", "5", v -> positive(Integer.parseInt(v.strip()), 1000)),
                r.parse("result-timeout", "10m", FetchSettings::positiveDuration),
                r.parse("broker-wait", "30s", FetchSettings::brokerWait),
                r.parse("broker-down-after", "30s", FetchSettings::positiveDuration));
        return new FetchSettings(run, http, report, console, service, broker);
    }

    /** A done file's name: a plain name, or one made of the list's with {@code ${file:name}} or {@code ${file:name.noext}}. */
    private static String doneFileName(String value) {
        String name = value.strip();
        if (name.isEmpty() || name.contains("/") || name.replace("${file:name}", "").replace("${file:name.noext}", "")
                .contains("${")) {
            throw new ConfigurationException("invalid " + PREFIX + "watch-done-file = '" + name + "': a file name, such as"
                    + " ${file:name}.done or ready.flag (only ${file:name} and ${file:name.noext} are replaced); leave it"
                    + " out for no done file");
        }
        return name;
    }

    /** An address to listen on: an IP address or a host name, without a port. */
    private static String httpHost(String value) {
        String host = value.strip();
        if (host.isEmpty() || host.contains("/") || host.contains(" ")) {
            throw new IllegalArgumentException("an address to listen on, such as 127.0.0.1, ::1 or 0.0.0.0 (every interface)");
        }
        return host;
    }

    /** {@code newly-failing}, or empty for none. */
    private static boolean parseFailOn(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "" -> false;
            case "newly-failing" -> true;
            default -> throw new IllegalArgumentException(Choices.refusal(text.strip(), java.util.List.of("newly-failing"))
                                                          + " (or leave it out)");
        };
    }

    /** A duration, or {@code forever}: a worker then waits for its broker without a limit. */
    private static Duration brokerWait(String value) {
        return value.strip().equalsIgnoreCase("forever") ? BrokerSettings.FOREVER : positiveDuration(value);
    }

    /** A proxy string curl would take, checked here so a bad one is a usage error before any fetch. */
    private static String proxy(String text) {
        if (!text.isBlank()) {
            ProxyRules.parse(text, "the proxy");
        }
        return text;
    }

    private static String queueName(String text) {
        if (!text.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a queue name is letters, digits, '.', '_' and '-'");
        }
        return text;
    }

    private static Duration positiveDuration(String text) {
        Duration duration = Durations.parse(text);
        if (duration.isZero()) {
            throw new IllegalArgumentException("must be more than zero");
        }
        return duration;
    }

    private static long positiveSize(long size, long max) {
        if (size < 1 || size > max) {
            throw new IllegalArgumentException("must be from 1 byte to " + max + " bytes");
        }
        return size;
    }

    private static int atLeastZero(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("must be 0 or more");
        }
        return value;
    }

    private static List<String> parseHostPorts(String text) {
        List<String> entries = new ArrayList<>();
        for (String item : text.split("[,\\s]+")) {
            if (item.isBlank()) {
                continue;
            }
            if (!item.matches("(\\[[0-9a-fA-F:.]+\\]|[^:\\[\\]]+):\\d{1,5}")) {
                throw new IllegalArgumentException("'" + item + "' is not host:port (like 127.0.0.1:8080 or [::1]:8080)");
            }
            entries.add(item);
        }
        return List.copyOf(entries);
    }

    private static List<RequestHeader> parseHeaders(String text) {
        List<RequestHeader> headers = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                headers.add(RequestHeader.parse(line));
            }
        }
        return List.copyOf(headers);
    }

    private static boolean parseBoolean(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(Choices.refusal(text.strip(), java.util.List.of("true", "false")));
        };
    }

    private static int allowedConcurrency(int concurrency, int maxConcurrency) {
        FetchPools.requireAllowed(concurrency, maxConcurrency);
        return concurrency;
    }

    private static int positive(int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException("expected a whole number from 1 to " + max);
        }
        return value;
    }

    private record Reader(Function<String, Optional<String>> property) {

        String text(String key, String defaultValue) {
            return property.apply(PREFIX + key).orElse(defaultValue).strip();
        }

        public <T> T parse(String key, String defaultValue, Function<String, T> parser) {
            String value = text(key, defaultValue);
            try {
                return parser.apply(value);
            } catch (RuntimeException e) {
                String why = e instanceof NumberFormatException ? "expected a whole number" : e.getMessage();
                throw new ConfigurationException("invalid " + PREFIX + key + " = '" + shown(key, value) + "': " + why, e);
            }
        }

        private static String shown(String key, String value) {
            return key.equals("headers") ? "(hidden)"
                    : key.equals("proxy") ? ProxyRules.redact(value) : SecretRedactor.redact(value);
        }
    }
}
