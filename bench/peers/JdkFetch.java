import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Peer: the JDK's own java.net.http.HttpClient, sendAsync with a semaphore of CONCURRENCY: the best a
 * JVM program does with no framework. Usage: java JdkFetch.java LIST CONCURRENCY.
 * Prints "<milliseconds of the fetch loop> <responses with status 200>".
 */
public class JdkFetch {
    public static void main(String[] args) throws Exception {
        List<String> urls = Files.readAllLines(Path.of(args[0])).stream().filter(l -> !l.isBlank()).toList();
        Semaphore permits = new Semaphore(Integer.parseInt(args[1]));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        List<CompletableFuture<Integer>> statuses = new ArrayList<>(urls.size());
        for (String url : urls) {
            permits.acquire();
            statuses.add(client.sendAsync(HttpRequest.newBuilder(URI.create(url)).build(),
                            HttpResponse.BodyHandlers.ofByteArray())
                    .whenComplete((response, failure) -> permits.release())
                    .thenApply(HttpResponse::statusCode)
                    .exceptionally(failure -> -1));
        }
        long ok = statuses.stream().map(CompletableFuture::join).filter(status -> status == 200).count();
        System.out.println((System.nanoTime() - start) / 1_000_000 + " " + ok);
        System.exit(0);
    }
}
