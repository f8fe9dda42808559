package io.urlfetcher.flow.list;

import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.core.UrlLine;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One line of a JSON Lines list as a request:
 * {@code {"url": "...", "method": "POST", "headers": {"Content-Type": "application/json"}, "body": "...", "id": "sku-42"}}.
 * Every other field (like {@code id}) is copied into the result. A line that cannot be sent becomes
 * {@link Outcome#INVALID_REQUEST} with its line number and the reason; its URL goes through the same checks as a
 * plain line ({@code invalid_url}, {@code unsupported_scheme} ...). Reasons never quote header values or the
 * body: they may hold credentials.
 */
public final class JsonRequestParser {

    /** A request line may carry a body; past this it is refused rather than held in memory. */
    static final int MAX_LINE_LENGTH = 1 << 20;

    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

    /** The methods that carry a body through camel-http (it sends none with GET, HEAD or DELETE). */
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private static final Set<String> REQUEST_KEYS = Set.of("url", "method", "headers", "body");

    /** The result's own properties: a field of the request by one of these names would overwrite it. */
    static final Set<String> RESULT_PROPERTIES = Collections.unmodifiableSet(new TreeSet<>(
            Arrays.stream(FetchResult.class.getRecordComponents()).map(RecordComponent::getName).toList()));

    /** Set by the HTTP client from the URL and the body; Camel* headers steer camel-http itself (the target URI ...). */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection");

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonRequestParser() {
    }

    /** @param urls checks the URL as a plain line would be checked */
    static UrlLine parse(int index, int lineNumber, String text, UrlListParser urls) {
        if (text.length() > MAX_LINE_LENGTH) {
            return invalid(index, lineNumber, "", "the line is " + text.length() + " characters long; the limit is "
                    + MAX_LINE_LENGTH, null);
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return invalid(index, lineNumber, "", notJson(e), null);
        }
        if (node == null || !node.isObject()) {
            return invalid(index, lineNumber, "", "not a JSON object but " + article(node) + "; each line is one request"
                    + " like {\"url\": \"https://...\"}", null);
        }
        JsonNode urlNode = node.get("url");
        String url = urlNode != null && urlNode.isTextual() ? urlNode.asText().strip() : "";
        Map<String, Object> fields = new LinkedHashMap<>();
        String colliding = null;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            if (REQUEST_KEYS.contains(name)) {
                continue;
            }
            if (RESULT_PROPERTIES.contains(name)) {
                colliding = colliding == null ? name : colliding;
            } else {
                fields.put(name, JSON.convertValue(field.getValue(), Object.class));
            }
        }
        Map<String, Object> kept = fields.isEmpty() ? null : Collections.unmodifiableMap(fields);
        JsonNode methodNode = node.get("method");
        String method = methodNode == null || methodNode.isNull() ? "GET"
                : methodNode.isTextual() ? methodNode.asText().strip().toUpperCase(Locale.ROOT) : null;
        String shownMethod = method != null && METHODS.contains(method) ? method : null;

        if (colliding != null) {
            return invalid(index, lineNumber, url, "field \"" + colliding + "\" is a property of the result itself and"
                    + " would be overwritten; rename it (the result's properties are " + String.join(", ",
                    RESULT_PROPERTIES) + ")", request(shownMethod, kept));
        }
        if (urlNode == null || urlNode.isNull()) {
            return invalid(index, lineNumber, url, "no \"url\"; each request needs one", request(shownMethod, kept));
        }
        if (!urlNode.isTextual()) {
            return invalid(index, lineNumber, url, "\"url\" must be a string, not " + article(urlNode),
                    request(shownMethod, kept));
        }
        if (method == null) {
            return invalid(index, lineNumber, url, "\"method\" must be a string, not " + article(methodNode), request(null, kept));
        }
        if (shownMethod == null) {
            return invalid(index, lineNumber, url, "unknown method '" + printable(method) + "'; use one of GET, HEAD, POST,"
                    + " PUT, PATCH or DELETE", request(null, kept));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String headerProblem = headers(node.get("headers"), headers);
        if (headerProblem != null) {
            return invalid(index, lineNumber, url, headerProblem, request(method, kept));
        }
        JsonNode bodyNode = node.get("body");
        String body = null;
        if (bodyNode != null && !bodyNode.isNull()) {
            if (!BODY_METHODS.contains(method)) {
                return invalid(index, lineNumber, url, "a " + method + " request carries no body (camel-http sends one"
                        + " with POST, PUT and PATCH only); remove \"body\" or change the method", request(method, kept));
            }
            if (bodyNode.isTextual()) {
                body = bodyNode.asText();
            } else {
                body = bodyNode.toString(); // an object, array, number or boolean is sent as its JSON text
                if (headers.keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
                    headers.put("Content-Type", "application/json");
                }
            }
        }
        UrlLine.Request request = new UrlLine.Request(method,
                headers.isEmpty() ? Map.of() : Collections.unmodifiableMap(headers), body, kept);
        return urls.parseLine(index, lineNumber, url).withRequest(request);
    }

    /**
     * A fetchable request line as one line of JSON Lines again (for a worker's job): the URL, method, headers, body
     * and fields, read back by {@link #parse} as the same request.
     */
    public static String toJson(UrlLine line) {
        UrlLine.Request request = line.request();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", line.text());
        json.put("method", request.method());
        if (!request.headers().isEmpty()) {
            json.put("headers", request.headers());
        }
        if (request.body() != null) {
            json.put("body", request.body());
        }
        if (request.fields() != null) {
            json.putAll(request.fields());
        }
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the request of line " + line.line() + " as JSON", e);
        }
    }

    /** @return what is wrong with the headers, or null when they were all copied to {@code into} */
    private static String headers(JsonNode node, Map<String, String> into) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            return "\"headers\" must be an object of names and string values, not " + article(node);
        }
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, JsonNode> header : node.properties()) {
            String name = header.getKey();
            if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
                return "header name '" + printable(name) + "' is not a valid HTTP header name";
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESERVED_HEADERS.contains(lower) || lower.startsWith("camel")) {
                return "header '" + name + "' cannot be set per request (the HTTP client sets it from the URL and the body)";
            }
            if (!seen.add(name)) {
                return "header '" + name + "' is given twice (header names are case-insensitive)";
            }
            JsonNode value = header.getValue();
            if (!value.isTextual()) {
                return "the value of header '" + name + "' must be a string, not " + article(value);
            }
            if (value.asText().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                return "the value of header '" + name + "' holds a line break or NUL";
            }
            into.put(name, value.asText());
        }
        return null;
    }

    private static UrlLine invalid(int index, int lineNumber, String url, String why, UrlLine.Request request) {
        return UrlLine.rejected(index, lineNumber, url, Outcome.INVALID_REQUEST, "line " + lineNumber + ": " + why)
                .withRequest(request);
    }

    /** What a rejected line's result still carries: its method when known, its fields (so it can be joined). */
    private static UrlLine.Request request(String method, Map<String, Object> fields) {
        return method == null && fields == null ? null : new UrlLine.Request(method == null ? "GET" : method, Map.of(), null, fields);
    }

    /** Jackson's own message may quote the text around the error, a header value perhaps: only where it is. */
    private static String notJson(JsonProcessingException e) {
        String original = String.valueOf(e.getOriginalMessage());
        if (original.startsWith("Duplicate field")) {
            return original.replaceFirst("Duplicate field", "not valid JSON: duplicate field"); // quotes a name only
        }
        String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
        String what = e instanceof com.fasterxml.jackson.core.io.JsonEOFException ? "it ends early"
                : e instanceof JsonParseException ? "unexpected characters" : "it does not parse";
        return "not valid JSON (" + what + where + "); each line must be one JSON object";
    }

    private static String article(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case STRING -> "a string";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }

    private static String printable(String text) {
        String cut = text.length() > 20 ? text.substring(0, 20) + "…" : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
