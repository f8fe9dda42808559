package io.urlfetcher.http;

import org.apache.camel.Endpoint;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.HttpEndpoint;

import java.util.Map;

/**
 * camel-http under its own scheme, {@value #SCHEME}, whose producer is {@link FetchHttpProducer}: the Kamelet's one
 * static endpoint ({@code url-fetcher-http://url-fetcher.invalid}) says in its URI which component sends the request.
 * Its options are camel-http's; Camel finds it on the classpath (META-INF/services), so a host registers nothing, and
 * the host's own {@code http} component is left as it is.
 */
public class FetchHttpComponent extends HttpComponent {

    public static final String SCHEME = "url-fetcher-http";

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        return new FetchHttpEndpoint((HttpEndpoint) super.createEndpoint(uri, remaining, parameters));
    }
}
