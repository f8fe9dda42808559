import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the CPU of a run goes: the jdk.ExecutionSample stacks of a JFR file, by the layer of the top frame (self), by
 * the first non-JDK frame from the top (the owner: who asked for the JDK work) and by inclusive frames, with the top
 * methods. Single-file program (no build): {@code java bench/JfrLayers.java FILE.jfr [CPU_MS_PER_REQUEST]}; with the
 * second argument each owner layer's share is also given in CPU-ms per request. Reads the file with the JDK's
 * jdk.jfr.consumer API, so a long recording (tens of thousands of deep stacks) takes seconds, not gigabytes of JSON.
 */
public class JfrLayers {

    /** First match on the frame's class name, in this order (the same layers as the notes' jfr-layers.py). */
    private static final String[][] LAYERS = {
        {"url-fetcher", "io.urlfetcher."}, {"camel-http", "org.apache.camel.component.http."},
        {"camel-http", "org.apache.camel.http."},
        {"httpclient5", "org.apache.hc."}, {"jackson", "com.fasterxml."},
        {"camel split/multicast", "org.apache.camel.processor.MulticastProcessor"},
        {"camel split/multicast", "org.apache.camel.processor.Splitter"},
        {"camel throttle", "org.apache.camel.processor.Throttler"},
        {"camel throttle", "org.apache.camel.processor.ConcurrentRequestsThrottler"},
        {"camel throttle", "org.apache.camel.processor.TotalRequestsThrottler"},
        {"camel processors/EIPs", "org.apache.camel.processor."},
        {"camel support (exchange, message, type conv)", "org.apache.camel.support."},
        {"camel impl/engine", "org.apache.camel.impl."}, {"camel other", "org.apache.camel."},
        {"JDK sockets/NIO", "sun.nio."}, {"JDK sockets/NIO", "java.net."}, {"JDK sockets/NIO", "sun.net."},
        {"JDK TLS", "sun.security.ssl."}, {"JDK crypto", "sun.security.provider."}, {"JDK crypto", "com.sun.crypto."},
        {"JDK concurrency", "java.util.concurrent."}, {"JDK collections/lang", "java.util."},
        {"JDK collections/lang", "java.lang."}, {"JDK other", "jdk."}, {"JDK other", "sun."}, {"JDK other", "java."},
    };

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java bench/JfrLayers.java FILE.jfr [CPU_MS_PER_REQUEST]");
            System.exit(2);
        }
        double cpuMsPerRequest = args.length > 1 ? Double.parseDouble(args[1]) : 0;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> owner = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> topMethods = new HashMap<>();
        Map<String, Integer> ownerMethods = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int n = 0;
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                    continue;
                }
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                n++;
                String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
                add(threads, thread == null ? "?" : thread.replaceAll("[0-9 #-]+$", ""));
                String top = name(frames.get(0));
                add(self, layer(type(frames.get(0))));
                add(topMethods, top);
                Set<String> seen = new HashSet<>();
                String firstOwner = null;
                String firstOwnerMethod = null;
                for (RecordedFrame f : frames) {
                    String layer = layer(type(f));
                    seen.add(layer);
                    if (firstOwner == null && !layer.startsWith("JDK")) {
                        firstOwner = layer;
                        firstOwnerMethod = name(f);
                    }
                }
                seen.forEach(l -> add(inclusive, l));
                add(owner, firstOwner == null ? "JDK only (threads, GC, ...)" : firstOwner);
                if (firstOwnerMethod != null) {
                    add(ownerMethods, firstOwnerMethod);
                }
            }
        }
        System.out.println(n + " samples");
        print("self (top frame)", self, n, 20, 0);
        print("owner (first non-JDK frame from the top)", owner, n, 20, cpuMsPerRequest);
        print("inclusive (on the stack)", inclusive, n, 20, 0);
        print("threads", threads, n, 6, 0);
        print("top methods (self)", topMethods, n, 30, 0);
        print("owner methods (first non-JDK frame from the top)", ownerMethods, n, 50, cpuMsPerRequest);
    }

    private static String type(RecordedFrame f) {
        return f.getMethod().getType().getName();
    }

    private static String name(RecordedFrame f) {
        return type(f) + "." + f.getMethod().getName();
    }

    private static String layer(String cls) {
        for (String[] l : LAYERS) {
            if (cls.startsWith(l[1])) {
                return l[0];
            }
        }
        int dot = cls.lastIndexOf('.');
        return "other: " + (dot < 0 ? cls : cls.substring(0, dot));
    }

    private static void add(Map<String, Integer> counts, String key) {
        counts.merge(key, 1, Integer::sum);
    }

    private static void print(String title, Map<String, Integer> counts, int n, int limit, double cpuMsPerRequest) {
        System.out.println("\n## " + title);
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> b.getValue() - a.getValue());
        for (Map.Entry<String, Integer> e : entries.subList(0, Math.min(limit, entries.size()))) {
            double share = (double) e.getValue() / n;
            String perRequest = cpuMsPerRequest > 0 ? String.format("  %7.4f ms", share * cpuMsPerRequest) : "";
            System.out.printf("%5.1f%%%s  %s%n", 100 * share, perRequest, e.getKey());
        }
    }
}
