package io.urlfetcher.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code -XX:+UseTransparentHugePages} for the launched JVM, where the kernel gives a process huge pages when it asks
 * ({@code madvise}) or always. Its heap is then faulted in 2 MB at a time instead of 4 KB: with the launcher's
 * {@code -Xmn64m}, a W3 run of 20,000 URLs took 15,500 page faults instead of 50,000 and 0.85x the fetch time on this
 * project's VM, where a page fault is dear; huge pages alone, about 0.9x (docs/BENCHMARK.md). Where the kernel has none
 * ({@code [never]}, no such file), the option is left out: the JVM would print a warning on the output.
 * <p>
 * {@code bin/url-fetcher} makes the same choice from the same file.
 */
final class TransparentHugePages {

    /** The kernel's setting: {@code always [madvise] never}, the mode in use in brackets. */
    static final Path MODE_FILE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    static final String OPTION = "-XX:+UseTransparentHugePages";

    private TransparentHugePages() {
    }

    /** The option, when {@code modeFile} says a process may have huge pages; none otherwise. */
    static List<String> options(Path modeFile) {
        String mode;
        try {
            mode = new String(Files.readAllBytes(modeFile), StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
        return mode.contains("[madvise]") || mode.contains("[always]") ? List.of(OPTION) : List.of();
    }
}
