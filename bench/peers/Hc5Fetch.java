import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Future;

/**
 * Peer: Apache HttpClient 5 (what camel-http uses) called directly, CONCURRENCY threads over one pool:
 * what url-fetcher's Camel layer is measured against. Run with the shaded jar on the class path:
 * java -cp target/url-fetcher.jar Hc5Fetch.java LIST CONCURRENCY.
 * Prints "<milliseconds of the fetch loop> <responses with status 200>".
 */
public class Hc5Fetch {
    public static void main(String[] args) throws Exception {
        List<String> urls = Files.readAllLines(Path.of(args[0])).stream().filter(l -> !l.isBlank()).toList();
        int concurrency = Integer.parseInt(args[1]);
        try (CloseableHttpClient client = HttpClients.custom().disableAutomaticRetries()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(concurrency).setMaxConnPerRoute(concurrency).build())
                .build()) {
            ThreadPoolExecutor threads = (ThreadPoolExecutor) Executors.newFixedThreadPool(concurrency);
            // Started before the clock, as url-fetcher's pools are: at C = 1,000 creating them in the loop cost 0.3 s.
            threads.prestartAllCoreThreads();
            long start = System.nanoTime();
            List<Future<Integer>> statuses = new ArrayList<>(urls.size());
            for (String url : urls) {
                statuses.add(threads.submit(() -> client.execute(new HttpGet(url), response -> {
                    EntityUtils.consume(response.getEntity());
                    return response.getCode();
                })));
            }
            long ok = 0;
            for (Future<Integer> status : statuses) {
                try {
                    ok += status.get() == 200 ? 1 : 0;
                } catch (Exception e) {
                    // counted as not ok
                }
            }
            System.out.println((System.nanoTime() - start) / 1_000_000 + " " + ok);
            threads.shutdownNow();
        }
        System.exit(0);
    }
}
