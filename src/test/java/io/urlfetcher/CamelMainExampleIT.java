package io.urlfetcher;

import io.urlfetcher.cli.TestProcesses;
import io.urlfetcher.cli.demo.LocalTargetServer;
import io.urlfetcher.config.FetchConfiguration;
import io.urlfetcher.http.BodyServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example application under examples/camel-main-app, run as its own camel-main JVM with url-fetcher's
 * library jar: its YAML route calls {@code kamelet:url-fetch-action}; its settings are its own.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@SlowTest
class CamelMainExampleIT {

    private static final Path EXAMPLE = Path.of("examples/camel-main-app/src/main/resources");

    @TempDir
    Path dir;

    @Test
    void theLibraryJarCarriesNoSettingsNoLoggingSetUpAndTheKamelet() throws Exception {
        try (JarFile library = new JarFile(libraryJar().toFile())) {
            assertThat(library.getEntry("kamelets/url-fetch-action.kamelet.yaml")).isNotNull();
            assertThat(library.getEntry("io/urlfetcher/config/FetchConfiguration.class")).isNotNull();
            assertThat(library.getEntry("META-INF/services/org/apache/camel/component/url-fetcher-http"))
                    .as("the fetch's camel-http component, found without the host registering it").isNotNull();
            assertThat(library.getEntry("application.properties")).isNull();
            assertThat(library.getEntry("simplelogger.properties")).isNull();
            assertThat(library.getEntry("org/slf4j/simple/SimpleLogger.class")).isNull(); // not a fat jar
        }
    }

    @Test
    void theExampleApplicationFetchesAListDroppedIntoItsInbox() throws Exception {
        try (LocalTargetServer server = LocalTargetServer.start(); BodyServer pages = BodyServer.start()) {
            Path inbox = Files.createDirectories(dir.resolve("inbox"));
            Path outbox = dir.resolve("outbox");
            Process app = new ProcessBuilder(javaCommand(List.of(server.port(), pages.port()), inbox, outbox)).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("app.log").toFile()).start();
            try {
                Files.writeString(dir.resolve("prices.tmp"), server.uri("/bytes/12") + "\n" + server.uri("/status/500") + "\n"
                        + pages.url("/page/Espresso-Machine") + "\n" + pages.url("/page/Grinder") + "\n");
                Files.move(dir.resolve("prices.tmp"), inbox.resolve("prices.txt")); // appears whole

                Path report = outbox.resolve("prices.json");
                TestProcesses.awaitFile(report, app, Duration.ofSeconds(60));
                assertThat(report).as(Files.readString(dir.resolve("app.log"))).exists();
                JsonNode json = new ObjectMapper().readTree(report.toFile());
                assertThat(json.get("urls").asInt()).isEqualTo(4);
                assertThat(json.get("concurrency").asInt()).isEqualTo(10);
                assertThat(json.get("results").get(0).get("bytes").asInt()).isEqualTo(12);
                assertThat(json.get("results").get(1).get("outcome").asText()).isEqualTo("http_error");
                // The list is moved to .done when its exchange completes, just after the report is written.
                TestProcesses.awaitFile(inbox.resolve(".done/prices.txt"), app, Duration.ofSeconds(30));
                assertThat(inbox.resolve(".done/prices.txt")).exists();

                // The page-titles route got each ok response as a message and took the <title> out of it.
                Path titles = outbox.resolve("titles.csv");
                TestProcesses.await(() -> lines(titles).size() >= 3, app, Duration.ofSeconds(30));
                List<String> lines = lines(titles);
                assertThat(lines).containsExactlyInAnyOrder("0," + server.uri("/bytes/12") + ",",
                        "2," + pages.url("/page/Espresso-Machine") + ",Espresso-Machine",
                        "3," + pages.url("/page/Grinder") + ",Grinder");
            } finally {
                TestProcesses.stop(app, Duration.ofSeconds(15));
            }
        }
    }

    /** The example's resources and url-fetcher's library jar first; the rest of the test classpath supplies Camel. */
    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private List<String> javaCommand(List<Integer> ports, Path inbox, Path outbox) {
        String ownBuild = Path.of("target").toAbsolutePath().toString();
        String dependencies = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().startsWith(ownBuild))
                .collect(Collectors.joining(File.pathSeparator));
        String classpath = String.join(File.pathSeparator, EXAMPLE.toAbsolutePath().toString(),
                libraryJar().toString(), dependencies);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath,
                "-Dprice-checker.inbox=" + inbox, "-Dprice-checker.outbox=" + outbox,
                // Embedded, the SSRF guard is on: the application lets its test server through.
                "-Dfetch.allow-private=" + ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(",")),
                "org.apache.camel.main.Main"));
        return command;
    }

    private static Path libraryJar() {
        return Path.of(System.getProperty("urlfetcher.library", "target/url-fetcher-lib.jar")).toAbsolutePath();
    }
}
