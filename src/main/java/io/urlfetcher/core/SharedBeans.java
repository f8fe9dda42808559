package io.urlfetcher.core;

import io.urlfetcher.ConfigurationException;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The beans every call of the Kamelet shares, which its host binds ({@code FetchConfiguration.bind}); the Kamelet
 * declares the rest of its beans itself. As the Kamelet's first template bean it checks, when a call's route is
 * created, that its host bound them all, so a host that did not gets one error naming what is missing rather than
 * Camel's failure to create the first template bean that needs it. As a step it does nothing.
 */
public final class SharedBeans implements Processor, CamelContextAware {

    /** Each shared name, and what it is. */
    public static final Map<String, String> NAMES = names();

    private CamelContext context;

    private static Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put(BeanNames.SETTINGS, "the fetch.* settings, read once");
        names.put(BeanNames.POOLS, "the split's thread pools, one per concurrency");
        names.put(BeanNames.PROGRESS, "the progress line's and the metrics' counts");
        names.put(BeanNames.RUN_STOP, "the run's stop switch");
        names.put(BeanNames.HOST_BREAKERS, "the per-host circuit breakers");
        names.put(BeanNames.BODY_STORE, "the folder of saved bodies and its write failures");
        names.put(BeanNames.HTTP_CLIENT_CONFIGURER, "the HTTP client's set-up and its one connection pool");
        return java.util.Collections.unmodifiableMap(names);
    }

    /** @throws ConfigurationException naming the shared beans the host did not bind */
    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
        List<String> missing = NAMES.entrySet().stream()
                .filter(name -> context.getRegistry().lookupByName(name.getKey()) == null)
                .map(name -> name.getKey() + " (" + name.getValue() + ")")
                .toList();
        if (!missing.isEmpty()) {
            throw new ConfigurationException("the Kamelet url-fetch-action needs the shared "
                    + (missing.size() == 1 ? "bean " : "beans ") + String.join(", ", missing)
                    + ", which its host binds: call io.urlfetcher.config.FetchConfiguration.bind(context), or list"
                    + " io.urlfetcher.config.FetchConfiguration in camel.main.configuration-classes");
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void process(Exchange exchange) {
        // checked when the route was created
    }
}
