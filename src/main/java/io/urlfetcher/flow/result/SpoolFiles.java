package io.urlfetcher.flow.result;

import io.urlfetcher.BatchReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The JSON Lines spool files of a batch's runs: kept until the report was written from them, then deleted. */
public final class SpoolFiles implements AutoCloseable {

    private final List<Path> spools = new ArrayList<>();

    /** @return the report, whose spool (if any) is now kept here */
    public BatchReport keep(BatchReport report) {
        if (report.spool() != null) {
            spools.add(report.spool());
        }
        return report;
    }

    @Override
    public void close() {
        spools.forEach(SpoolFiles::delete);
        spools.clear();
    }

    private static void delete(Path spool) {
        try {
            Files.deleteIfExists(spool);
        } catch (IOException e) {
            // a temporary file, also deleted when the JVM exits
        }
    }
}
