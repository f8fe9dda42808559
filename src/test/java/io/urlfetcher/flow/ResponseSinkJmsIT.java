package io.urlfetcher.flow;

import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.TestProcesses;
import io.urlfetcher.distributed.TestBroker;
import io.urlfetcher.flow.response.ResponseForwarder;
import io.urlfetcher.http.BodyServer;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar in a small JVM sends a 50 MB response to a JMS response sink on a real Artemis broker: it travels
 * as a large message streamed from the spooled body, not as a heap copy, and arrives byte for byte. The heap is
 * 100 MB (-Dit.xmx to change): with Artemis streaming the run passes down to 64 MB; without it, 100 MB is not
 * enough (measured: the run never ends), so this test fails if the body is ever copied into the heap again.
 */
@Timeout(180)
@SlowTest
class ResponseSinkJmsIT {

    private static final int LARGE = 50 << 20;

    @TempDir
    Path dir;

    @Test
    void aFiftyMegabyteResponseReachesTheQueueFromA100MegabyteJvm() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker")); BodyServer server = BodyServer.start()) {
            // JSON Lines requests, so each message also carries the request's own fields.
            Path urls = Files.writeString(dir.resolve("urls.jsonl"),
                    "{\"url\": \"" + server.url("/fixed/" + LARGE) + "\", \"id\": \"big\"}\n"
                    + "{\"url\": \"" + server.url("/page/Small") + "\", \"id\": \"small\", \"batch\": 7}\n");
            Path log = dir.resolve("run.log");
            Process run = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + System.getProperty("it.xmx", "100m"), "-jar", Path.of(System.getProperty("urlfetcher.jar", "target/url-fetcher.jar")).toAbsolutePath().toString(),
                    "--urls", urls.toString(), "--quiet", "--max-body", "100MB", "--broker", broker.url(),
                    "--response-sink", "jms:queue:pages", "--sink", "file:" + dir.resolve("reports") + "?fileName=report.json"))
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended = run.waitFor(120, TimeUnit.SECONDS);
            if (!ended) {
                TestProcesses.stop(run, Duration.ofSeconds(5));
            }
            String output = Files.readString(log);
            assertThat(ended).as(output).isTrue();
            assertThat(run.exitValue()).as(output).isZero();
            assertThat(output).doesNotContain("OutOfMemoryError");

            Map<String, String> sha256ByUrl = new HashMap<>();
            Map<String, Long> indexByUrl = new HashMap<>();
            Map<String, String> fieldsByUrl = new HashMap<>();
            try (JMSContext jms = broker.jms(); JMSConsumer consumer = jms.createConsumer(jms.createQueue("pages"))) {
                for (int i = 0; i < 2; i++) {
                    Message message = consumer.receive(30_000);
                    assertThat(message).as("response message " + i).isNotNull();
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                        message.setObjectProperty("JMS_AMQ_SaveStream", sink); // streams the body; waits until it is all read
                    }
                    String url = message.getStringProperty(ResponseForwarder.URL);
                    sha256ByUrl.put(url, HexFormat.of().formatHex(digest.digest()));
                    indexByUrl.put(url, message.getLongProperty(ResponseForwarder.INDEX));
                    fieldsByUrl.put(url, message.getStringProperty(ResponseForwarder.FIELDS));
                    assertThat(message.getStringProperty(ResponseForwarder.SHA256)).isEqualTo(sha256ByUrl.get(url));
                    assertThat(message.getStringProperty(ResponseForwarder.OUTCOME)).isEqualTo("ok");
                }
            }
            assertThat(sha256ByUrl).containsEntry(server.url("/fixed/" + LARGE), BodyServer.sha256(BodyServer.bytes(LARGE)))
                    .containsEntry(server.url("/page/Small"),
                            BodyServer.sha256(BodyServer.page("Small").getBytes(StandardCharsets.UTF_8)));
            assertThat(indexByUrl).containsEntry(server.url("/fixed/" + LARGE), 0L).containsEntry(server.url("/page/Small"), 1L);
            assertThat(fieldsByUrl).containsEntry(server.url("/fixed/" + LARGE), "{\"id\":\"big\"}")
                    .containsEntry(server.url("/page/Small"), "{\"id\":\"small\",\"batch\":7}");
        }
    }
}
