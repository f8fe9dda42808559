package io.urlfetcher.flow;

import io.urlfetcher.BatchReport;
import io.urlfetcher.config.FetchConfiguration;
import io.urlfetcher.Outcome;
import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.demo.LocalServerExtension;

import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.StringReader;
import java.io.Reader;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The list is read only about as fast as it is fetched: while the second round of requests is in flight
 * the route has read a few lines more than it fetched, not the whole list. That is what keeps a list of
 * any length in bounded memory; an executor that starts a thread per task (Camel's, with virtual
 * threads on) would not keep it.
 */
@CamelMainTest(configurationClasses = FetchConfiguration.class, properties = { "fetch.concurrency=4" })
@Timeout(60)
@SlowTest
class StreamingInputTest {

    /** Counts the characters handed out, so the test can tell how far the list was read. */
    static final class CountingReader extends Reader {
        private final Reader in;
        final AtomicInteger charsRead = new AtomicInteger();

        CountingReader(String text) {
            this.in = new StringReader(text);
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, Math.min(length, 64)); // small reads: BufferedReader would read ahead 8 KB
            if (n > 0) {
                charsRead.addAndGet(n);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    @BeanInject
    ProducerTemplate template;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    @Test
    void linesAreReadAsFastAsTheyAreFetchedNotAllAtOnce() throws Exception {
        int urls = 200;
        String list = IntStream.range(0, urls).mapToObj(i -> String.format("%s?i=%05d", server.url("/delay/150"), i))
                .collect(Collectors.joining("\n", "", "\n"));
        int lineLength = list.indexOf('\n') + 1;
        CountingReader input = new CountingReader(list);

        CompletableFuture<Object> run = template.asyncRequestBody("direct:fetch-parallel", input);
        // Polled every millisecond: the lines read are counted as soon as the second round reaches the server.
        await("the second round of 4 reaching the server").atMost(Duration.ofSeconds(10))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> server.requestCount() >= 8);
        int linesRead = input.charsRead.get() / lineLength;

        assertThat(server.requestCount()).isGreaterThanOrEqualTo(8);
        // Two rounds of 4 started; a split that does not wait for the fetches has read all 200 lines by now.
        assertThat(linesRead).as("lines read while the second round is in flight").isLessThan(40);
        BatchReport report = (BatchReport) run.get(60, TimeUnit.SECONDS);
        assertThat(report.outcomes()).containsEntry(Outcome.OK, (long) urls);
        assertThat(server.peakInFlight()).isEqualTo(4);
    }
}
