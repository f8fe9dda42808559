package io.urlfetcher.http;

import org.apache.camel.Consumer;
import org.apache.camel.DelegateEndpoint;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.spi.EndpointStrategy;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.service.ServiceHelper;

/**
 * The Kamelet's camel-http endpoint (host {@value #FETCH_HOST}), as camel-http's component configured it, whose
 * producer is {@link FetchHttpProducer}. camel-http's component creates its {@link HttpEndpoint} with {@code new}, and
 * that endpoint creates a plain HttpProducer, so the producer can only be swapped when the endpoint is registered
 * (the way Camel's interceptSendToEndpoint wraps one): {@link #STRATEGY}, registered by {@link HttpBeans}.
 */
final class FetchHttpEndpoint extends DefaultEndpoint implements DelegateEndpoint {

    /** The host of the Kamelet's one static endpoint; the target of each request is the message's own. */
    static final String FETCH_HOST = "url-fetcher.invalid";

    /** Wraps the fetch endpoint when it is registered; every other endpoint stays as it is. */
    static final EndpointStrategy STRATEGY = (uri, endpoint) ->
            endpoint instanceof HttpEndpoint http && http.getHttpUri() != null
                    && FETCH_HOST.equals(http.getHttpUri().getHost()) ? new FetchHttpEndpoint(http) : endpoint;

    private final HttpEndpoint http;

    private FetchHttpEndpoint(HttpEndpoint http) {
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
