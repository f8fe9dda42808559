package io.urlfetcher.http;

import org.apache.camel.Consumer;
import org.apache.camel.DelegateEndpoint;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.service.ServiceHelper;

/**
 * An endpoint of {@link FetchHttpComponent}: camel-http's {@link HttpEndpoint}, as camel-http's component configured
 * it, whose producer is {@link FetchHttpProducer}. camel-http's component creates its endpoint with {@code new}, and
 * that endpoint creates a plain HttpProducer, so the component wraps the endpoint it made.
 */
final class FetchHttpEndpoint extends DefaultEndpoint implements DelegateEndpoint {

    private final HttpEndpoint http;

    FetchHttpEndpoint(HttpEndpoint http) {
        super(http.getEndpointUri(), http.getComponent());
        this.http = http;
    }

    @Override
    public Endpoint getEndpoint() {
        return http;
    }

    @Override
    public Producer createProducer() {
        return new FetchHttpProducer(http);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        return http.createConsumer(processor);
    }

    @Override
    public boolean isLenientProperties() {
        return http.isLenientProperties();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ServiceHelper.startService(http);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(http);
        super.doStop();
    }

    @Override
    protected void doShutdown() throws Exception {
        ServiceHelper.stopAndShutdownService(http);
        super.doShutdown();
    }
}
