package io.urlfetcher.core;

import java.util.List;
import java.util.regex.Pattern;

/** Removes passwords from URLs and from messages that may quote a URL, before anything is logged or reported. */
public final class SecretRedactor {

    public static final String MASK = "***";

    // scheme://user:password@  -> scheme://user:***@   (the password ends at the last '@' before the path)
    private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^/?#@:\\s]*):([^/?#\\s]*)@");

    /** Parameter names that carry a password, as Artemis and JDBC URLs allow. */
    private static final List<String> PASSWORD_NAMES = List.of("password", "passwd", "pwd");

    // ?password=... in a query  -> ?password=***
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)([?&;](?:" + String.join("|", PASSWORD_NAMES) + ")=)[^&;#\\s]*");

    private SecretRedactor() {
    }

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text.indexOf('@') < 0 ? text : USER_INFO.matcher(text).replaceAll("$1:" + MASK + "@");
        return mayHavePasswordParameter(redacted) ? PASSWORD_PARAMETER.matcher(redacted).replaceAll("$1" + MASK) : redacted;
    }

    /**
     * Whether some {@code =} follows {@code ?password}, {@code &passwd}, {@code ;pwd} and the like: every URL with a
     * query has an {@code =}, and this runs for each result, so the regular expression runs only when it can match.
     */
    private static boolean mayHavePasswordParameter(String text) {
        for (int equals = text.indexOf('='); equals >= 0; equals = text.indexOf('=', equals + 1)) {
            for (String name : PASSWORD_NAMES) {
                if (namedBefore(text, equals, name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean namedBefore(String text, int equals, String name) {
        int start = equals - name.length();
        return start >= 1 && "?&;".indexOf(text.charAt(start - 1)) >= 0 && text.regionMatches(true, start, name, 0, name.length());
    }
}
