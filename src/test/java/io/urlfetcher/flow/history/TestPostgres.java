package io.urlfetcher.flow.history;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for a test: Debian's {@code postgresql} package (initdb and pg_ctl of the newest
 * /usr/lib/postgresql/N/bin), a cluster in a temporary folder, listening on 127.0.0.1 on a free port, stopped and
 * deleted by {@link #close()}. PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user.
 * Missing binaries fail the test (never a silent skip): .ci/run installs the package.
 */
public final class TestPostgres implements AutoCloseable {

    private final Path data;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;

    private TestPostgres(Path data, Path bin, int port, boolean asPostgresUser) {
        this.data = data;
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    public static TestPostgres start() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path folder = Files.createTempDirectory("url-fetcher-pg-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path data = folder.resolve("data");
        if (root) {
            run(List.of("chown", "postgres:postgres", folder.toString()), false);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TestPostgres postgres = new TestPostgres(data, bin, port, root);
        postgres.command(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres",
                "--no-sync", "-E", "UTF8"));
        postgres.command(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "-l",
                folder.resolve("log").toString(), "-o", "-h 127.0.0.1 -p " + port + " -k " + folder + " -F", "start"));
        return postgres;
    }

    /** The JDBC URL of its {@code postgres} database, as the postgres user (trusted on 127.0.0.1). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            command(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
        } finally {
            try (Stream<Path> files = Files.walk(data.getParent())) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private void command(List<String> command) throws IOException, InterruptedException {
        run(command, asPostgresUser);
    }

    private static void run(List<String> command, boolean asPostgresUser) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                        .orElse(null);
                if (bin != null) {
                    return bin;
                }
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                + "apt-get install postgresql, as .ci/run does");
    }
}
