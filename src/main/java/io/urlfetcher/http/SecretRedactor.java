package io.urlfetcher.http;

import java.util.regex.Pattern;

/** Removes passwords from URLs and from messages that may quote a URL, before anything is logged or reported. */
public final class SecretRedactor {

    public static final String MASK = "***";

    // scheme://user:password@  -> scheme://user:***@   (the password ends at the last '@' before the path)
    private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^/?#@:\\s]*):([^/?#\\s]*)@");

    // ?password=... in a query, as Artemis and JDBC URLs allow  -> ?password=***
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;](?:password|passwd|pwd)=)[^&;#\\s]*");

    private SecretRedactor() {
    }

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text.indexOf('@') < 0 ? text : USER_INFO.matcher(text).replaceAll("$1:" + MASK + "@");
        return redacted.indexOf('=') < 0 ? redacted : PASSWORD_PARAMETER.matcher(redacted).replaceAll("$1" + MASK);
    }
}
