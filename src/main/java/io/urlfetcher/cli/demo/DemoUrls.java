package io.urlfetcher.cli.demo;

import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** The offline demo's URL list: the five latencies measured in the original requests-versus-aiohttp experiment. */
public final class DemoUrls {

    static final long[] LATENCIES_MILLIS = { 640, 380, 150, 250, 890 };

    private DemoUrls() {
    }

    public static String list(LocalTargetServer server) {
        return LongStream.of(LATENCIES_MILLIS)
                .mapToObj(millis -> server.uri("/delay/" + millis).toString())
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
