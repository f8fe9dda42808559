package io.urlfetcher.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RelaunchTest {

    private static final Path JAVA = Path.of("/jdk/bin/java");
    private static final Path JAR = Path.of("/work/url-fetcher.jar");
    private static final List<String> LAUNCHER = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k");
    private static final List<String> CDS = List.of("-XX:SharedArchiveFile=/work/url-fetcher-1.jsa", "-Xshare:auto");

    @Test
    void aJarCommandLineSplitsIntoTheJvmOptionsTheJarAndMainsArguments() {
        assertThat(Relaunch.parse(List.of("-Xmx1g", "-Dfetch.x=1", "-jar", "t/url-fetcher.jar", "--urls", "-"),
                List.of("--urls", "-"))).contains(new Relaunch.JarCommand(List.of("-Xmx1g", "-Dfetch.x=1"), "t/url-fetcher.jar"));
        assertThat(Relaunch.parse(List.of("-jar", "url-fetcher.jar"), List.of()))
                .contains(new Relaunch.JarCommand(List.of(), "url-fetcher.jar"));
    }

    @Test
    void aProcessStartedOtherwiseThanWithJarOrWhoseArgumentsDoNotMatchIsNotRelaunched() {
        assertThat(Relaunch.parse(List.of("-cp", "url-fetcher.jar", "io.urlfetcher.cli.FetchApplication", "--demo"),
                List.of("--demo"))).isEmpty();
        assertThat(Relaunch.parse(List.of("-jar", "url-fetcher.jar", "--demo"), List.of("--version"))).isEmpty();
        assertThat(Relaunch.parse(List.of(), List.of())).isEmpty();
    }

    @Test
    void aJitChoiceOrAnAgentOnTheCommandLineOrInTheEnvironmentKeepsThisJvm() {
        assertThat(Relaunch.keepsThisJvm(List.of("-XX:TieredStopAtLevel=1"), " ")).isTrue(); // bin/url-fetcher
        assertThat(Relaunch.keepsThisJvm(List.of("-XX:-TieredCompilation"), " ")).isTrue();
        assertThat(Relaunch.keepsThisJvm(List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005"), " ")).isTrue();
        assertThat(Relaunch.keepsThisJvm(List.of(), " -javaagent:/opt/apm.jar")).isTrue();
        assertThat(Relaunch.keepsThisJvm(List.of("-Xmx1g", "-Dfetch.concurrency=50"), " ")).isFalse();
    }

    @Test
    void theServicesRunInTheJvmAsStarted() {
        assertThat(Relaunch.isService(new String[] { "worker", "--broker", "tcp://mq:61616" })).isTrue();
        assertThat(Relaunch.isService(new String[] { "--watch", "inbox", "--http-port", "9876" })).isTrue();
        assertThat(Relaunch.isService(new String[] { "--watch=inbox" })).isTrue();
        assertThat(Relaunch.isService(new String[] { "submit", "--urls", "urls.txt" })).isFalse();
        assertThat(Relaunch.isService(new String[] { "--urls", "urls.txt", "--mode", "compare" })).isFalse();
    }

    @Test
    void theChildGetsTheLauncherOptionsTheArchiveTheMarkerTheCallersOptionsAndTheSameArguments() {
        List<String> command = Relaunch.command(JAVA, LAUNCHER, CDS, 42, List.of("-Xmx1g", "-Xss1m"), JAR,
                new String[] { "--urls", "-", "--concurrency", "50" });

        assertThat(command).containsExactly("/jdk/bin/java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
                "-XX:SharedArchiveFile=/work/url-fetcher-1.jsa", "-Xshare:auto", "-Durl-fetcher.launched-by=42",
                "-Xmx1g", "-Xss1m", "-cp", "/work/url-fetcher.jar", "io.urlfetcher.cli.FetchApplication",
                "--urls", "-", "--concurrency", "50");
    }

    @Test
    void theCallersGarbageCollectorAndClassDataSharingReplaceTheLaunchers() {
        List<String> command = Relaunch.command(JAVA, LAUNCHER, CDS, 42, List.of("-XX:+UseParallelGC", "-Xshare:off"),
                JAR, new String[0]);

        assertThat(command).doesNotContain("-XX:+UseSerialGC", "-Xshare:auto").contains("-XX:TieredStopAtLevel=1",
                "-XX:+UseParallelGC", "-Xshare:off");
    }

    @Test
    void theCallersHeapSizeReplacesTheLaunchersYoungGeneration() {
        List<String> launcher = List.of("-XX:+UseSerialGC", "-Xmn64m");

        for (String sizing : List.of("-Xmx32m", "-Xms1g", "-Xmn16m", "-XX:MaxHeapSize=1g", "-XX:NewRatio=3",
                "-XX:MaxRAMPercentage=50")) {
            assertThat(Relaunch.command(JAVA, launcher, CDS, 42, List.of(sizing), JAR, new String[0]))
                    .as(sizing).doesNotContain("-Xmn64m").contains("-XX:+UseSerialGC", sizing);
        }
        assertThat(Relaunch.command(JAVA, launcher, CDS, 42, List.of("-Xss1m", "-Dfetch.x=-Xmx"), JAR, new String[0]))
                .contains("-Xmn64m");
    }

    @Test
    void transparentHugePagesAreAskedForOnlyWhereTheKernelGivesThem(@TempDir Path dir) throws IOException {
        Path mode = dir.resolve("enabled");

        Files.writeString(mode, "always [madvise] never\n");
        assertThat(TransparentHugePages.options(mode)).containsExactly("-XX:+UseTransparentHugePages");
        Files.writeString(mode, "[always] madvise never\n");
        assertThat(TransparentHugePages.options(mode)).containsExactly("-XX:+UseTransparentHugePages");
        Files.writeString(mode, "always madvise [never]\n");
        assertThat(TransparentHugePages.options(mode)).isEmpty();
        assertThat(TransparentHugePages.options(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void theLauncherOptionsAreTheFileBinUrlFetcherReads() throws IOException {
        List<String> script = Files.readAllLines(Path.of("bin", "url-fetcher.jvm-options"), StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

        assertThat(Relaunch.launcherOptions()).isEqualTo(script).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    }

    @Test
    void theArchiveIsNamedAsBinUrlFetcherNamesIt() {
        // printf 'abc\n' | cksum: 1112837078 4; printf '' | cksum: 4294967295 0
        assertThat(CdsArchive.cksum("abc\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(1112837078L);
        assertThat(CdsArchive.cksum(new byte[0])).isEqualTo(4294967295L);
        // readlink -f $(command -v java) | cksum, on Debian's Java 17
        assertThat(CdsArchive.archive(Path.of("/work/target/url-fetcher.jar"),
                Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java")))
                .isEqualTo(Path.of("/work/target/url-fetcher-1729994080.jsa"));
    }

    @Test
    void aFreshArchiveIsMappedAndAStaleOneRecordedAgain(@TempDir Path dir) throws IOException {
        Path jar = Files.writeString(dir.resolve("url-fetcher.jar"), "jar");
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        Path archive = CdsArchive.archive(jar, javaBinary.toRealPath());

        assertThat(CdsArchive.options(jar, javaBinary)).first().isEqualTo("-XX:ArchiveClassesAtExit=" + archive);
        Files.writeString(archive, "archive");
        Files.setLastModifiedTime(archive, FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() + 1000));
        assertThat(CdsArchive.options(jar, javaBinary)).startsWith("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(
                Files.getLastModifiedTime(archive).toMillis() + 1000)); // a rebuilt jar
        assertThat(CdsArchive.options(jar, javaBinary)).first().isEqualTo("-XX:ArchiveClassesAtExit=" + archive);
    }

    @Test
    void theLauncherSendsCtrlCAndSigtermOnUnderNamesTheChildTellsApart() {
        assertThat(RelaunchedChild.forwardedName("INT")).isEqualTo("USR1");
        assertThat(RelaunchedChild.forwardedName("TERM")).isEqualTo("ALRM");
        assertThat(RelaunchedChild.forwardedName("HUP")).isEqualTo("HUP");
    }
}
