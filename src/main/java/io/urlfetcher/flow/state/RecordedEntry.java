package io.urlfetcher.flow.state;

import io.urlfetcher.Outcome;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Locale;

/** The index and outcome of one line of a state's results file, all a resumed run needs to know of most lines. */
record RecordedEntry(int index, Outcome outcome) {

    private static final JsonFactory JSON = new ObjectMapper().getFactory();

    /**
     * Reads the index and outcome of a result line without building the result; the whole line is parsed, so a
     * damaged one is null (never half read).
     */
    static RecordedEntry peek(String text) {
        if (text.isBlank()) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int index = -1;
            String outcome = null;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("index") && value == JsonToken.VALUE_NUMBER_INT) {
                    index = parser.getIntValue();
                } else if (name.equals("outcome") && value == JsonToken.VALUE_STRING) {
                    outcome = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null || index < 0 || outcome == null) {
                return null;
            }
            return new RecordedEntry(index, Outcome.valueOf(outcome.toUpperCase(Locale.ROOT)));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
