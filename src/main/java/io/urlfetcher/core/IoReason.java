package io.urlfetcher.core;


import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * Why a write failed, in the operating system's words ({@code No space left on device}, {@code Read-only file
 * system}, {@code File too large}), without the path the JDK sometimes puts in front: the messages that use it name
 * the path themselves, once.
 */
public final class IoReason {

    private IoReason() {
    }

    /** The reason of the innermost I/O failure in the cause chain; the exception's type when it has no message. */
    public static String of(Throwable failure) {
        Throwable decisive = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                decisive = t;
            }
        }
        String reason = decisive instanceof FileSystemException fs ? fs.getReason() : decisive.getMessage();
        if (reason == null || reason.isBlank()) {
            return decisive.getClass().getSimpleName();
        }
        return SecretRedactor.redact(reason);
    }
}
