package io.urlfetcher.report;

import io.urlfetcher.ConfigurationException;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The report's final and temporary names, as Camel's file producer makes them, and what a failed write leaves. */
class ReportFileTest {

    @TempDir
    Path dir;

    private CamelContext context;

    @BeforeEach
    void startCamel() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    @Test
    void namesTheTargetAndTheTemporaryFileAsTheFileProducerDoes() {
        ReportFile file = ReportFile.of(context, "file:" + dir + "?tempPrefix=.writing-", "r.json");

        assertThat(file.target()).isEqualTo(dir.resolve("r.json"));
        assertThat(file.temp()).isEqualTo(dir.resolve(".writing-r.json"));
        assertThat(ReportFile.of(context, "file:" + dir + "?tempFileName=inprogress-${file:onlyname}", "r.json").temp())
                .isEqualTo(dir.resolve("inprogress-r.json"));
        assertThat(ReportFile.of(context, "file:" + dir + "?fileName=fixed.json", "r.json").target())
                .isEqualTo(dir.resolve("fixed.json"));
        assertThat(ReportFile.of(context, "file:" + dir, "r.json").temp()).isNull();
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFileAndNoNewFileUnderTheFinalName() throws IOException {
        ReportFile temporary = ReportFile.of(context, "file:" + dir + "?tempPrefix=.writing-", "a.json");
        Files.writeString(dir.resolve(".writing-a.json"), "{\"half");
        assertThat(temporary.removeAfterFailedWrite()).isEmpty();

        ReportFile direct = ReportFile.of(context, "file:" + dir, "b.json");
        Files.writeString(dir.resolve("b.json"), "{\"half");
        assertThat(direct.removeAfterFailedWrite()).isEmpty();

        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aFileThatWasThereBeforeTheWriteIsLeftAlone() throws IOException {
        Files.writeString(dir.resolve("kept.json"), "{}");
        ReportFile direct = ReportFile.of(context, "file:" + dir, "kept.json");

        direct.removeAfterFailedWrite();

        assertThat(dir.resolve("kept.json")).hasContent("{}");
    }

    @Test
    void otherSinksHaveNoReportFile() {
        assertThat(ReportFile.of(context, "seda:reports", "r.json")).isNull();
        assertThat(ReportFile.of(context, "log:reports", "r.json")).isNull();
    }

    @Test
    void theSinkFolderIsCreatedAtStartAndAFileInItsPlaceIsAUsageError() throws IOException {
        ReportFile.requireWritableFolder(context, "file:" + dir.resolve("new/reports") + "?tempPrefix=.writing-");
        assertThat(dir.resolve("new/reports")).isDirectory();

        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        assertThatThrownBy(() -> ReportFile.requireWritableFolder(context, "file:" + file))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("is a file, not a folder");
    }
}
