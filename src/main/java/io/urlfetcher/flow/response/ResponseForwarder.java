package io.urlfetcher.flow.response;

import io.urlfetcher.FetchResult;
import io.urlfetcher.core.DeliveryFailedException;
import io.urlfetcher.core.SecretRedactor;
import io.urlfetcher.report.ReportFile;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.SynchronizationAdapter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sends one response, after its body was read whole, as one exchange to the response sink: the body as a stream
 * of the saved or spooled file, {@code Fetch*} headers describing it, and {@code CamelFileName} set to its safe
 * name (so {@code file:pages} writes one file each). A spooled file is deleted when the exchange completes, which
 * for {@code seda:} is when the consuming route is done with it.
 */
public final class ResponseForwarder {

    public static final String URL = "FetchUrl";
    static final String FINAL_URL = "FetchFinalUrl";
    public static final String INDEX = "FetchIndex";
    static final String LINE = "FetchLine";
    static final String STATUS = "FetchStatus";
    public static final String OUTCOME = "FetchOutcome";
    static final String MILLIS = "FetchMillis";
    public static final String SHA256 = "FetchSha256";
    static final String BODY_FILE = "FetchBodyFile";
    static final String METHOD = "FetchMethod";
    /** What changed since the history's last fetch (new or changed: the only ones sent with fetch.deliver changed). */
    public static final String CHANGE = "FetchChange";
    /** The extra fields of a JSON Lines request (like {@code id}), as one JSON object, for joining to the caller's records. */
    public static final String FIELDS = "FetchFields";

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private volatile ProducerTemplate template;

    public void send(CamelContext context, String uri, FetchResult result, Path body, String fileName, boolean deleteAfter)
            throws DeliveryFailedException {
        InputStream in;
        long size;
        try {
            size = Files.size(body);
            in = Files.newInputStream(body);
        } catch (IOException e) {
            throw new DeliveryFailedException("could not read back the body from " + body + ": " + e.getMessage(), e);
        }
        ReportFile file = ReportFile.of(context, uri, fileName); // with a file: sink, what a failed write leaves

        Exchange sent = template(context).send(uri, ExchangePattern.InOnly, exchange -> {
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    release(in, deleteAfter ? body : null);
                }
            });
            Message message = exchange.getMessage();
            message.setBody(in);
            message.setHeader(URL, result.url());
            message.setHeader(FINAL_URL, result.finalUrl());
            message.setHeader(INDEX, result.index());
            message.setHeader(LINE, result.line());
            message.setHeader(STATUS, result.status());
            message.setHeader(OUTCOME, result.outcome().label());
            message.setHeader(MILLIS, result.millis());
            message.setHeader(SHA256, result.sha256());
            message.setHeader(BODY_FILE, result.bodyFile());
            message.setHeader(METHOD, result.method() == null ? "GET" : result.method());
            if (result.change() != null) {
                message.setHeader(CHANGE, result.change().label());
            }
            if (result.fields() != null && !result.fields().isEmpty()) {
                message.setHeader(FIELDS, JSON.writeValueAsString(result.fields()));
            }
            if (result.contentType() != null) {
                message.setHeader(Exchange.CONTENT_TYPE, result.contentType());
            }
            message.setHeader(Exchange.FILE_NAME, fileName);
        });
        if (sent.getException() != null) {
            release(in, deleteAfter ? body : null);
            String left = file == null ? "" : file.removeAfterFailedWrite();
            throw new DeliveryFailedException("could not send the response to " + SecretRedactor.redact(uri) + ": "
                    + SecretRedactor.redact(String.valueOf(sent.getException().getMessage()))
                    + (left.isEmpty() ? "" : "; could not delete " + SecretRedactor.redact(left)), sent.getException());
        }
        String shortWrite = file == null ? null : file.shortWrite(size); // camel-file can report success for less
        if (shortWrite != null) {
            throw new DeliveryFailedException("could not send the response to " + SecretRedactor.redact(uri) + ": "
                    + SecretRedactor.redact(shortWrite), null);
        }
    }

    private ProducerTemplate template(CamelContext context) {
        ProducerTemplate current = template;
        if (current == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
                current = template;
            }
        }
        return current;
    }

    private static void release(InputStream in, Path spool) {
        try {
            in.close();
        } catch (IOException e) {
            // a file stream: nothing is lost
        }
        if (spool != null) {
            try {
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                // a temporary file
            }
        }
    }
}
