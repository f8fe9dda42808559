package io.urlfetcher.core;

import io.urlfetcher.config.FetchConfiguration;
import io.urlfetcher.config.WatchConfiguration;
import io.urlfetcher.distributed.ArtemisBroker;
import io.urlfetcher.config.DistributedConfiguration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bean a route file or the Kamelet names ({@code ref:}, {@code #name}, {@code #bean:name}, an aggregation
 * strategy, an idempotent repository) is bound by the configuration of that file, and the flow's configuration alone
 * binds none of the watch or distributed routes' beans.
 */
class BeanNamesTest {

    private static final String KAMELET = "kamelets/url-fetch-action.kamelet.yaml";
    private static final String BATCH = "routes/fetch-batch.yaml";
    private static final String WATCH = "routes/fetch-watch.yaml";
    private static final String DISTRIBUTED = "routes/fetch-distributed.yaml";
    private static final String ROUNDS = "routes/fetch-rounds.yaml";

    /** Keys whose plain text value is a bean name. */
    private static final Set<String> BEAN_KEYS = Set.of("ref", "aggregationStrategy", "idempotentRepository",
            "executorService");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    @Test
    void theFlowsConfigurationBindsEveryBeanTheKameletAndTheBatchRoutesName() throws Exception {
        assertThat(names(KAMELET)).as("the names the Kamelet's host binds (its own beans are {{placeholders}})")
                .containsExactlyInAnyOrderElementsOf(SharedBeans.NAMES.keySet())
                .hasSizeLessThanOrEqualTo(8);
        assertBound(KAMELET, FetchConfiguration::bind);
        assertBound(BATCH, FetchConfiguration::bind);
    }

    @Test
    void theKameletsDescriptionListsTheSharedBeans() throws Exception {
        String description = read(KAMELET).path("spec").path("definition").path("description").asText();
        assertThat(SharedBeans.NAMES.keySet()).allSatisfy(name -> assertThat(description).contains("`" + name + "`"));
    }

    @Test
    void theWatchConfigurationBindsWhatTheWatchRouteNames() throws Exception {
        assertBound(WATCH, context -> {
            FetchConfiguration.bind(context);
            WatchConfiguration.bind(context);
        });
    }

    @Test
    void theDistributedConfigurationBindsWhatTheWorkerAndSubmitterRoutesName() throws Exception {
        assertBound(DISTRIBUTED, context -> {
            // A host's own connection factory: nothing connects until a route starts.
            context.getRegistry().bind("hostConnectionFactory", ConnectionFactory.class,
                    new ActiveMQConnectionFactory("tcp://127.0.0.1:1"));
            FetchConfiguration.bind(context);
            DistributedConfiguration.bind(context);
        });
    }

    @Test
    void theRoundsRouteNamesOnlyTheBeanTheCommandLineBindsForIt() throws Exception {
        assertThat(names(ROUNDS)).containsExactly(BeanNames.ROUNDS);
    }

    @Test
    void aPlainEmbeddingHostGetsNoWatchOrDistributedBeansAndNoBroker() throws Exception {
        Set<String> others = new TreeSet<>(names(WATCH));
        others.addAll(names(DISTRIBUTED));
        others.removeAll(names(KAMELET));
        others.removeAll(names(BATCH));
        // The flow's configuration binds these for the batch runs; the distributed routes use them too.
        others.removeAll(Set.of(BeanNames.RESULTS_AS_FORMAT, BeanNames.URL_LIST_PARSER));
        assertThat(others).contains(BeanNames.CHECK_URL_LIST, BeanNames.OPEN_JOB, BeanNames.JMS_SEND_TRANSACTION);

        try (DefaultCamelContext host = new DefaultCamelContext()) {
            host.getPropertiesComponent().addInitialProperty("fetch.broker-url", "embedded");
            FetchConfiguration.bind(host);

            assertThat(others).allSatisfy(name -> assertThat(host.getRegistry().lookupByName(name)).as(name).isNull());
            assertThat(host.hasService(ArtemisBroker.class)).as("no broker").isNull();
        }
    }

    private static void assertBound(String file, Consumer<CamelContext> configuration) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            configuration.accept(context);
            Set<String> names = names(file);
            assertThat(names).as(file).isNotEmpty();
            assertThat(names).as("beans named in %s", file)
                    .allSatisfy(name -> assertThat(context.getRegistry().lookupByName(name)).as(name).isNotNull());
        }
    }

    /**
     * The bean names a YAML file uses: a name with a placeholder of a Kamelet parameter that has an enum stands for
     * one name per value; other placeholders (a template's per-batch beans, its local beans) are left out.
     */
    static Set<String> names(String file) throws IOException {
        JsonNode root = read(file);
        Map<String, List<String>> enums = new java.util.HashMap<>();
        root.path("spec").path("definition").path("properties").fields().forEachRemaining(property -> {
            List<String> values = new ArrayList<>();
            property.getValue().path("enum").forEach(value -> values.add(value.asText()));
            if (!values.isEmpty()) {
                enums.put(property.getKey(), values);
            }
        });
        Set<String> raw = new TreeSet<>();
        collect(root, null, raw);
        Set<String> names = new TreeSet<>();
        for (String name : raw) {
            Matcher placeholder = PLACEHOLDER.matcher(name);
            if (!placeholder.find()) {
                names.add(name);
                continue;
            }
            String parameter = placeholder.group(1);
            if (enums.containsKey(parameter) && !placeholder.find()) {
                enums.get(parameter).forEach(value -> names.add(name.replace("{{" + parameter + "}}", value)));
            }
        }
        return names;
    }

    private static void collect(JsonNode node, String key, Set<String> names) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> collect(field.getValue(), field.getKey(), names));
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, key, names));
        } else if (node.isTextual()) {
            String text = node.asText();
            if (text.startsWith("#bean:")) {
                names.add(text.substring("#bean:".length()));
            } else if (text.startsWith("#") && !text.startsWith("#{{") && !text.startsWith("#class:")) {
                names.add(text.substring(1));
            } else if (BEAN_KEYS.contains(key) && !text.startsWith("#")) {
                names.add(text);
            }
        }
    }

    private static JsonNode read(String file) throws IOException {
        try (InputStream in = BeanNamesTest.class.getClassLoader().getResourceAsStream(file)) {
            assertThat(in).as(file + " on the classpath").isNotNull();
            return new YAMLMapper().readTree(in);
        }
    }
}
