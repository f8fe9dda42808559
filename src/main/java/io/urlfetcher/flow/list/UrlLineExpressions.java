package io.urlfetcher.flow.list;

import io.urlfetcher.core.UrlLine;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.support.ExpressionAdapter;

/**
 * What the fetch route asks of a {@link UrlLine}, as plain Java for the {@code ref} language: Simple's
 * {@code ${body.fetchable}} would go through reflection for every URL.
 */
public final class UrlLineExpressions {

    private UrlLineExpressions() {
    }

    public static Predicate isFetchable() {
        return exchange -> exchange.getMessage().getBody(UrlLine.class).isFetchable();
    }

    /** {@code host:port}, the key of the per-host limit. */
    public static Expression hostKey() {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return exchange.getMessage().getBody(UrlLine.class).getHostKey();
            }
        };
    }
}
