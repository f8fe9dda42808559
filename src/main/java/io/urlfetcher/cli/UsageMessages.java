package io.urlfetcher.cli;

import io.urlfetcher.ConfigurationException;

import picocli.CommandLine.Option;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A configuration error in the user's words: a setting given as an option is named by the option as it is typed
 * ({@code invalid --timeout '5': ...}), one from application.properties or the environment by its property
 * ({@code invalid fetch.timeout = '5': ...}), as {@code FetchSettings} words it.
 */
final class UsageMessages {

    private static final Pattern INVALID_SETTING = Pattern.compile("^invalid (fetch\\.[a-z0-9-]+) = '(.*?)': ", Pattern.DOTALL);
    private static final Map<String, String> OPTION_OF_PROPERTY = optionsOfProperties();

    private UsageMessages() {
    }

    /** @param given the settings given on the command line, as {@code fetch.*} properties */
    static String of(ConfigurationException e, Map<String, String> given) {
        String message = e.getMessage();
        Matcher invalid = INVALID_SETTING.matcher(message);
        if (invalid.find() && given.containsKey(invalid.group(1)) && OPTION_OF_PROPERTY.containsKey(invalid.group(1))) {
            return "invalid " + OPTION_OF_PROPERTY.get(invalid.group(1)) + " '" + invalid.group(2) + "': "
                   + message.substring(invalid.end());
        }
        return message;
    }

    /** Each option's property (its {@code descriptionKey}) and its longest name, over every section of the options. */
    private static Map<String, String> optionsOfProperties() {
        Map<String, String> options = new HashMap<>();
        for (Class<?> section : FetchOptions.class.getDeclaredClasses()) {
            for (Field field : section.getDeclaredFields()) {
                Option option = field.getAnnotation(Option.class);
                if (option != null && option.descriptionKey().startsWith("fetch.")) {
                    String longest = option.names()[0];
                    for (String name : option.names()) {
                        longest = name.length() > longest.length() ? name : longest;
                    }
                    options.put(option.descriptionKey(), longest);
                }
            }
        }
        return Map.copyOf(options);
    }
}
