package io.urlfetcher;

import io.urlfetcher.cli.TestProcesses;
import io.urlfetcher.cli.demo.LocalTargetServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * examples/spring-boot-app, built by its own Maven build (Camel Spring Boot 4.18.0, the project's Camel version)
 * against the library jar, then run as the Spring Boot application a user would run.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@SlowTest
class SpringBootExampleIT {

    private static final Path EXAMPLE = Path.of("examples/spring-boot-app").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theSpringBootApplicationFetchesAListDroppedIntoItsInbox() throws Exception {
        Path jar = build();
        try (LocalTargetServer server = LocalTargetServer.start()) {
            Path inbox = Files.createDirectories(dir.resolve("inbox"));
            Path outbox = dir.resolve("outbox");
            Process app = new ProcessBuilder(javaBin(), "-jar", jar.toString(), "--price-checker.inbox=" + inbox,
                    "--price-checker.outbox=" + outbox, "--fetch.allow-private=127.0.0.1:" + server.port())
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("app.log").toFile()).start();
            try {
                Files.writeString(dir.resolve("prices.tmp"), server.uri("/bytes/8") + "\nftp://old.example/\n");
                Files.move(dir.resolve("prices.tmp"), inbox.resolve("prices.txt"));

                Path report = outbox.resolve("prices.json");
                TestProcesses.awaitFile(report, app, Duration.ofSeconds(90));
                assertThat(report).as(Files.readString(dir.resolve("app.log"))).exists();
                JsonNode json = new ObjectMapper().readTree(report.toFile());
                assertThat(json.get("urls").asInt()).isEqualTo(2);
                assertThat(json.get("results").get(0).get("bytes").asInt()).isEqualTo(8);
                assertThat(json.get("results").get(1).get("outcome").asText()).isEqualTo("unsupported_scheme");
                assertThat(Files.readString(dir.resolve("app.log"))).contains("Apache Camel 4.18.0", "Spring Boot");
            } finally {
                TestProcesses.stop(app, Duration.ofSeconds(20));
            }
        }
    }

    /** The example's own Maven build, with the library jar this build just made. */
    private Path build() throws Exception {
        Path library = Path.of(System.getProperty("urlfetcher.library", "target/url-fetcher-lib.jar")).toAbsolutePath();
        Process maven = new ProcessBuilder(List.of("mvn", "-B", "-q", "-f", EXAMPLE.resolve("pom.xml").toString(),
                "-Durlfetcher.library=" + library, "-DskipTests", "package"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("maven.log").toFile()).start();
        boolean finished = maven.waitFor(6, TimeUnit.MINUTES);
        if (!finished) {
            maven.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(finished).as("the example builds within 6 minutes").isTrue();
        assertThat(maven.exitValue()).as(Files.readString(dir.resolve("maven.log"))).isZero();
        return EXAMPLE.resolve("target/price-checker-boot.jar");
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
