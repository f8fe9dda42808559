package io.urlfetcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A result's JSON: a request's own fields at the top level, and read back the same (as the distributed mode does). */
class FetchResultJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static FetchResult result() {
        return new FetchResult(3, 4, "http://a.example/", Outcome.OK, 200, 12, 5, 100, "text/plain", 1, 0,
                "http://a.example/", "fetch-parallel-1", null);
    }

    @Test
    void fieldsAreTopLevelPropertiesAndRoundTrip() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", "sku-42");
        fields.put("n", 7);
        fields.put("tags", List.of("a", "b"));
        FetchResult withRequest = result().withRequest("POST", fields);

        String text = JSON.writeValueAsString(withRequest);
        JsonNode json = JSON.readTree(text);

        assertThat(json.get("id").asText()).isEqualTo("sku-42");
        assertThat(json.get("method").asText()).isEqualTo("POST");
        assertThat(json.has("fields")).isFalse();
        assertThat(JSON.readValue(text, FetchResult.class)).isEqualTo(withRequest);
    }

    @Test
    void aPlainResultHasNoMethodNorFieldsAndReadsBackWithNone() throws Exception {
        String text = JSON.writeValueAsString(result());

        assertThat(JSON.readTree(text).has("method")).isFalse();
        FetchResult back = JSON.readValue(text, FetchResult.class);
        assertThat(back.fields()).isNull();
        assertThat(back).isEqualTo(result());
    }
}
