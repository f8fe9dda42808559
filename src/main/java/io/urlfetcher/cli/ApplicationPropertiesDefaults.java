package io.urlfetcher.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Shows the values of {@code application.properties} on the classpath as the options' defaults in {@code --help}. */
final class ApplicationPropertiesDefaults implements CommandLine.IDefaultValueProvider {

    private final Properties properties = new Properties();

    ApplicationPropertiesDefaults() {
        try (InputStream in = FetchCommand.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A value of the file, or null. */
    String property(String name) {
        return properties.getProperty(name);
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (argument instanceof OptionSpec option && option.descriptionKey() != null && option.arity().max() > 0
                && !option.isMultiValue()) {
            String value = properties.getProperty(option.descriptionKey());
            return value == null || value.isBlank() ? null : value.strip();
        }
        return null;
    }
}
