package io.urlfetcher.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar url-fetcher.jar}, started without the JVM options of {@code bin/url-fetcher}, starts the same
 * {@code java} again with them and waits for it: the README's first command then runs as fast as the launcher (C2
 * compiling on 2 cores and G1 made a plain {@code java -jar} 1.3x to 2.4x slower on 20,000 URLs).
 * <p>
 * The child gets the options in {@code url-fetcher.jvm-options} (the list {@code bin/url-fetcher} reads), the
 * class-data sharing archive beside the jar ({@link CdsArchive}), then the caller's own JVM options (so {@code -Xmx} or
 * a {@code -D} given on the command line still applies; the environment, with {@code JAVA_TOOL_OPTIONS}, is
 * inherited), the same arguments, this process's standard streams (so {@code --urls -} still reads stdin), and this
 * process ends with the child's exit code. SIGINT and SIGTERM are sent on ({@link RelaunchedChild} says how); SIGKILL
 * cannot be, so the child watches this process and halts when it is gone.
 * <p>
 * Not relaunched: with {@code -Durl-fetcher.relaunch=false} or {@code URL_FETCHER_RELAUNCH=false}; when the JVM was
 * given a JIT choice ({@code -XX:TieredStopAtLevel}, as {@code bin/url-fetcher} does, or {@code TieredCompilation}) or
 * an agent (a debugger or profiler attaches to the JVM it was started with); when started otherwise than with
 * {@code -jar} (an embedding host never runs this main); on Windows (no signals to send on); for the services,
 * {@code worker} and {@code --watch}: they run for hours, over which C2's compiling is spread (not measured), the launching JVM would
 * stay (50 MB) for as long, and an operator matches the worker's name ({@code pid@host}) with the process they started.
 * <p>
 * This class runs before anything of Camel or picocli is loaded, and the launching JVM loads nothing more: no lambdas,
 * streams or {@code +} on strings (each bootstraps method handles, in a JVM that has not yet).
 */
final class Relaunch {

    /** {@code -Durl-fetcher.relaunch=false}: run in this JVM as started. */
    static final String PROPERTY = "url-fetcher.relaunch";
    /** {@code URL_FETCHER_RELAUNCH=false}: the same, from the environment. */
    static final String ENVIRONMENT = "URL_FETCHER_RELAUNCH";
    /** The JVM options of a batch, one a line, {@code #} comments: the file {@code bin/url-fetcher} reads. */
    static final String OPTIONS_RESOURCE = "/url-fetcher.jvm-options";

    /** How long sending a signal on with {@code kill} may take. */
    private static final long KILL_LIMIT_SECONDS = 5;

    /** Options that mean the caller chose the JIT, or attached a tool to this very JVM. */
    private static final List<String> KEEP_THIS_JVM = List.of("TieredStopAtLevel", "TieredCompilation", "-agentlib:",
            "-agentpath:", "-javaagent:", "-Xrunjdwp", "-Xdebug");

    private Relaunch() {
    }

    /** The JVM options and jar of a {@code java [options] -jar jar args} command line. */
    record JarCommand(List<String> jvmOptions, String jar) {
    }

    /**
     * The command of the child to start, when this JVM should start one; empty when it runs the command itself.
     *
     * @param args the arguments main got
     */
    static Optional<List<String>> childCommand(String[] args) {
        if (RelaunchedChild.isChild() || "false".equalsIgnoreCase(System.getProperty(PROPERTY))
            || "false".equalsIgnoreCase(System.getenv(ENVIRONMENT)) || File.separatorChar != '/') {
            return Optional.empty();
        }
        if (isService(args)) {
            return Optional.empty();
        }
        Optional<String[]> commandLine = ProcessHandle.current().info().arguments();
        Optional<JarCommand> started = parse(commandLine.isPresent() ? Arrays.asList(commandLine.get()) : List.of(),
                Arrays.asList(args));
        String environmentOptions = String.join(" ", System.getenv().getOrDefault("JDK_JAVA_OPTIONS", ""),
                System.getenv().getOrDefault("JAVA_TOOL_OPTIONS", ""));
        if (started.isEmpty() || keepsThisJvm(started.get().jvmOptions(), environmentOptions)) {
            return Optional.empty();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path jar = Path.of(started.get().jar()).toAbsolutePath().normalize();
        List<String> launcherOptions;
        try {
            launcherOptions = new ArrayList<>(launcherOptions());
        } catch (IOException e) {
            return Optional.empty();
        }
        launcherOptions.addAll(TransparentHugePages.options(TransparentHugePages.MODE_FILE));
        if (sizesHeap(Arrays.asList(environmentOptions.split(" ")))) { // JAVA_TOOL_OPTIONS=-Xmx32m: the child reads it
            launcherOptions = withoutYoungGeneration(launcherOptions);
        }
        return Optional.of(command(java, launcherOptions, CdsArchive.options(jar, java), ProcessHandle.current().pid(),
                started.get().jvmOptions(), jar, args));
    }

    /** Whether the arguments start a service, {@code worker} or {@code --watch}: those run in the JVM as started. */
    static boolean isService(String[] args) {
        for (String arg : args) {
            if (arg.equals("worker") || arg.equals("--watch") || arg.startsWith("--watch=")) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code java [options] -jar jar args} split, from the process's command line (without the program);
     * empty when it was started otherwise, or when its last arguments are not main's.
     */
    static Optional<JarCommand> parse(List<String> commandLine, List<String> args) {
        int jarOption = commandLine.indexOf("-jar");
        if (jarOption < 0 || jarOption + 1 >= commandLine.size()
            || !commandLine.subList(jarOption + 2, commandLine.size()).equals(args)) {
            return Optional.empty();
        }
        return Optional.of(new JarCommand(List.copyOf(commandLine.subList(0, jarOption)), commandLine.get(jarOption + 1)));
    }

    /** Whether the JVM options (the command line's, or those the java launcher and the JVM read from the environment)
     * choose the JIT, or attach an agent. */
    static boolean keepsThisJvm(List<String> jvmOptions, String environmentOptions) {
        for (String marker : KEEP_THIS_JVM) {
            if (environmentOptions.contains(marker)) {
                return true;
            }
            for (String option : jvmOptions) {
                if (option.contains(marker)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * {@code java}, the launcher's options (without its garbage collector when the caller picked one, without its young
     * generation's size when the caller sized the heap, without the archive when the caller set class-data sharing),
     * the marker, the caller's options, the jar, main, the arguments.
     */
    static List<String> command(Path java, List<String> launcherOptions, List<String> cdsOptions, long pid,
                                List<String> callerOptions, Path jar, String[] args) {
        boolean callerPicksGc = false;
        boolean callerSetsSharing = false;
        for (String option : callerOptions) {
            callerPicksGc |= option.startsWith("-XX:+Use") && option.endsWith("GC");
            callerSetsSharing |= option.startsWith("-Xshare") || option.contains("SharedArchiveFile")
                                 || option.contains("ArchiveClassesAtExit");
        }
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        for (String option : sizesHeap(callerOptions) ? withoutYoungGeneration(launcherOptions) : launcherOptions) {
            if (!(callerPicksGc && option.startsWith("-XX:+Use") && option.endsWith("GC"))) {
                command.add(option);
            }
        }
        if (!callerSetsSharing) {
            command.addAll(cdsOptions);
        }
        command.add("-D".concat(RelaunchedChild.LAUNCHED_BY).concat("=").concat(Long.toString(pid)));
        command.addAll(callerOptions); // after the launcher's: an -Xss of the caller's wins
        command.add("-cp");
        command.add(jar.toString());
        command.add(FetchApplication.class.getName());
        command.addAll(Arrays.asList(args));
        return command;
    }

    /**
     * Whether JVM options size the heap or its young generation. The launcher's young generation (-Xmn64m) then goes:
     * a caller's -Xmx32m with it would make the JVM warn on the output, and a caller who sizes the heap sizes all of it.
     * {@code bin/url-fetcher} matches the same options.
     */
    static boolean sizesHeap(List<String> options) {
        for (String option : options) {
            if (option.startsWith("-Xmx") || option.startsWith("-Xms") || option.startsWith("-Xmn")
                || option.contains("HeapSize") || option.contains("NewSize") || option.contains("NewRatio")
                || option.contains("RAMPercentage") || option.contains("MaxRAM")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> withoutYoungGeneration(List<String> launcherOptions) {
        List<String> options = new ArrayList<>();
        for (String option : launcherOptions) {
            if (!option.startsWith("-Xmn")) {
                options.add(option);
            }
        }
        return options;
    }

    /** The lines of {@code url-fetcher.jvm-options} that are options. */
    static List<String> launcherOptions() throws IOException {
        InputStream in = Relaunch.class.getResourceAsStream(OPTIONS_RESOURCE);
        if (in == null) {
            throw new IOException(OPTIONS_RESOURCE + " is not in the jar");
        }
        List<String> options = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String option = line.strip();
                if (!option.isEmpty() && !option.startsWith("#")) {
                    options.add(option);
                }
            }
        }
        return options;
    }

    /**
     * Starts the child with this process's streams, sends on the signals this process gets, and waits for it.
     *
     * @return its exit code; -1 when it could not be started (this JVM then runs the command itself)
     */
    static int run(List<String> command) {
        Process child;
        try {
            child = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            System.err.println("url-fetcher: cannot start " + command.get(0) + " (" + e.getMessage()
                               + "); running with this JVM's options");
            return -1;
        }
        for (String name : new String[] { "INT", "TERM", "HUP" }) {
            try {
                Signal.handle(new Signal(name), new SignalHandler() {
                    @Override
                    public void handle(Signal signal) {
                        sendOn(child, signal.getName());
                    }
                });
            } catch (IllegalArgumentException e) {
                // the JVM keeps this one (-Xrs): it ends this process, and the child sees its launcher gone
            }
        }
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                // nothing interrupts this thread; wait on
            }
        }
    }

    /** Sends the child the signal this process received, under the name it knows it by; SIGTERM itself when the
     * {@code kill} command is missing. */
    private static void sendOn(Process child, String received) {
        if (!child.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-".concat(RelaunchedChild.forwardedName(received)),
                    Long.toString(child.pid())).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (kill.waitFor(KILL_LIMIT_SECONDS, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // no kill command: below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if ("TERM".equals(received)) {
            child.destroy();
        }
    }
}
