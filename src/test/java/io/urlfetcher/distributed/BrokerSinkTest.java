package io.urlfetcher.distributed;

import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.ExitCodes;
import io.urlfetcher.cli.demo.LocalServerExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --sink jms:queue:...}: the report goes to a real Artemis broker that asks for a user and password. */
@Timeout(60)
@SlowTest
class BrokerSinkTest {

    private static final String USER = "fetcher";
    private static final String PASSWORD = "pw-7f3a-never-shown";
    private static final String PASSWORD_PROPERTY = "fetch.broker-password";

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    @TempDir
    Path dir;

    private TestBroker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"), USER, PASSWORD);
        // As a deployment would give it: not on the command line (where ps shows it) but beside it.
        System.setProperty(PASSWORD_PROPERTY, PASSWORD);
    }

    @AfterEach
    void stopBroker() throws Exception {
        System.clearProperty(PASSWORD_PROPERTY);
        broker.close();
    }

    @Test
    void theQueueGetsTheSameReportAsTheFileSink() throws Exception {
        Path urls = urlList();
        CommandRunner.Run toFile = CommandRunner.run("--urls", urls.toString(), "--mode", "sequential",
                "--sink", "file:" + dir.resolve("reports"));
        CommandRunner.Run toQueue = CommandRunner.run("--urls", urls.toString(), "--mode", "sequential",
                "--sink", "jms:queue:fetch.reports", "--broker", broker.url(), "--broker-user", USER);

        assertThat(toFile.exitCode()).as(toFile.stderr()).isZero();
        assertThat(toQueue.exitCode()).as(toQueue.stderr()).isZero();
        assertThat(toQueue.stdout()).contains("report: jms:queue:fetch.reports");
        JsonNode fromFile;
        try (Stream<Path> files = Files.list(dir.resolve("reports"))) {
            fromFile = new ObjectMapper().readTree(files.findFirst().orElseThrow().toFile());
        }
        List<String> messages = drain("fetch.reports");
        assertThat(messages).hasSize(1);
        JsonNode fromQueue = new ObjectMapper().readTree(messages.get(0));
        assertThat(fromQueue.get("outcomes")).isEqualTo(fromFile.get("outcomes"));
        assertThat(withoutTimes(fromQueue)).isEqualTo(withoutTimes(fromFile));
        assertThat(toQueue.stdout() + toQueue.stderr()).doesNotContain(PASSWORD);
    }

    @Test
    void jsonLinesGoToTheQueueAsOneMessagePerResultThenTheSummary() throws Exception {
        CommandRunner.Run run = CommandRunner.run("--urls", urlList().toString(), "--format", "jsonl",
                "--sink", "jms:queue:fetch.reports", "--broker", broker.url(), "--broker-user", USER);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<String> messages = drain("fetch.reports");
        assertThat(messages).hasSize(4);
        ObjectMapper json = new ObjectMapper();
        List<Integer> indices = new ArrayList<>();
        for (String message : messages.subList(0, 3)) {
            indices.add(json.readTree(message).get("index").asInt());
        }
        assertThat(indices).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(json.readTree(messages.get(3)).get("summary").get("urls").asInt()).isEqualTo(3);
    }

    @Test
    void aWrongPasswordFailsTheRunWithAClearMessageAndNoPasswordInIt() throws Exception {
        System.setProperty(PASSWORD_PROPERTY, "wrong-" + PASSWORD);

        CommandRunner.Run run = CommandRunner.run("--urls", urlList().toString(), "--sink", "jms:queue:fetch.reports",
                "--broker", broker.url(), "--broker-user", USER);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(run.stderr()).contains("could not write the report to jms:queue:fetch.reports", "AMQ229031");
        assertThat(run.stdout() + run.stderr()).doesNotContain(PASSWORD);
    }

    @Test
    void aReportSentToTheEmbeddedBrokerSurvivesItsRestart() throws Exception {
        Path data = dir.resolve("embedded");
        try (TestBroker probe = TestBroker.start(dir.resolve("probe"))) {
            probe.stop(); // only for a free port, released again
            CommandRunner.Run run = CommandRunner.run("--urls", urlList().toString(), "--sink", "jms:queue:fetch.reports",
                    "--broker", "embedded", "--broker-port", String.valueOf(probe.port()), "--broker-data", data.toString());

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            // The run's broker stopped with the run; started again on its journal, it still has the report.
            try (TestBroker restarted = TestBroker.start(data, probe.port())) {
                List<String> messages = drain(restarted, "fetch.reports");
                assertThat(messages).hasSize(1);
                assertThat(new ObjectMapper().readTree(messages.get(0)).get("urls").asInt()).isEqualTo(3);
            }
        }
    }

    private Path urlList() throws Exception {
        return Files.write(dir.resolve("urls.txt"), List.of(server.url("/bytes/10"), server.url("/status/503"), "nope"));
    }

    private List<String> drain(String queue) {
        return drain(broker, queue);
    }

    private static List<String> drain(TestBroker from, String queue) {
        List<String> bodies = new ArrayList<>();
        try (JMSContext jms = from.jms(); JMSConsumer consumer = jms.createConsumer(jms.createQueue(queue))) {
            for (String body; (body = consumer.receiveBody(String.class, 2_000)) != null; ) {
                bodies.add(body);
            }
        }
        return bodies;
    }

    /** The report minus what differs between two runs of the same list: times and thread names. */
    private static List<String> withoutTimes(JsonNode report) {
        List<String> results = new ArrayList<>();
        report.get("results").forEach(r -> results.add(r.get("index") + " " + r.get("line") + " " + r.get("url") + " "
                + r.get("outcome") + " " + r.get("status") + " " + r.get("bytes") + " " + r.get("error")));
        return results;
    }
}
