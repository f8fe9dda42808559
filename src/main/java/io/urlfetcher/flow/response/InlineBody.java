package io.urlfetcher.flow.response;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a body goes into its result as text ({@code fetch.inline-body}) and decodes it: text and JSON
 * types (text/*, JSON, XML, JavaScript, form data) of at most the limit, in the charset the Content-Type names
 * (UTF-8 when it names none), decoded strictly. Anything else is left out with the reason, never cut.
 *
 * @param text   the body as text, or null
 * @param reason why it was left out, or null
 */
public record InlineBody(String text, String reason) {

    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]+)");

    /**
     * @param head        the body when it was at most {@code limit} bytes, else null
     * @param bytes       the body's size
     * @param contentType the response's Content-Type, or null
     * @param limit       the inline limit in bytes
     */
    public static InlineBody of(byte[] head, long bytes, String contentType, long limit) {
        if (contentType != null && !isText(contentType)) {
            return new InlineBody(null, "not text: Content-Type " + contentType);
        }
        if (head == null) {
            return new InlineBody(null, "larger than the inline limit: " + bytes + " bytes, limit " + limit);
        }
        Charset charset;
        try {
            charset = charset(contentType);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return new InlineBody(null, "unknown charset in Content-Type " + contentType);
        }
        try {
            return new InlineBody(charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(head)).toString(), null);
        } catch (CharacterCodingException e) {
            return new InlineBody(null, "not valid " + charset.name() + " text");
        }
    }

    static boolean isText(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
               || type.equals("application/xml") || type.endsWith("+xml") || type.equals("application/javascript")
               || type.equals("application/x-www-form-urlencoded") || type.equals("application/x-ndjson");
    }

    private static Charset charset(String contentType) {
        if (contentType == null) {
            return StandardCharsets.UTF_8;
        }
        Matcher m = CHARSET.matcher(contentType);
        return m.find() ? Charset.forName(m.group(1)) : StandardCharsets.UTF_8;
    }
}
