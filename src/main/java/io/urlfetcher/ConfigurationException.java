package io.urlfetcher;

/** A usage or configuration error: the message says what is wrong and how to fix it; the exit code is 2. */
public class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
