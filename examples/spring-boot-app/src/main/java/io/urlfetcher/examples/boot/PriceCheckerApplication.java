package io.urlfetcher.examples.boot;

import io.urlfetcher.config.FetchConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A Spring Boot application that checks price pages with url-fetcher's Kamelet (see camel/price-check.yaml). */
@SpringBootApplication
public class PriceCheckerApplication {

    public static void main(String[] args) {
        SpringApplication.run(PriceCheckerApplication.class, args);
    }

    /** url-fetcher's beans, from the fetch.* properties of application.properties, before the routes start. */
    @Bean
    CamelContextConfiguration urlFetcher() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                FetchConfiguration.bind(context);
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }
}
