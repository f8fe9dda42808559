package io.urlfetcher.flow.history;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The histories open in one Camel context, one store per location, shared by every call of the Kamelet that names it
 * (an embedded database may be opened once) and closed, with their last batch written, when the context stops.
 */
final class HistoryStores extends ServiceSupport {

    private final Map<String, HistoryStore> open = new ConcurrentHashMap<>();

    /** The context's stores, made and registered with it on first use. */
    static HistoryStores of(CamelContext context) {
        synchronized (context) {
            HistoryStores stores = context.getCamelContextExtension().getContextPlugin(HistoryStores.class);
            if (stores == null) {
                stores = new HistoryStores();
                try {
                    context.addService(stores, true, true);
                } catch (Exception e) {
                    throw new IllegalStateException("could not register the history stores with Camel", e);
                }
                context.getCamelContextExtension().addContextPlugin(HistoryStores.class, stores);
            }
            return stores;
        }
    }

    HistoryStore store(String location) {
        return open.computeIfAbsent(location, HistoryStore::open);
    }

    @Override
    protected void doStop() {
        open.values().forEach(HistoryStore::close);
        open.clear();
    }
}
