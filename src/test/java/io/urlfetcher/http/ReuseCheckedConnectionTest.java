package io.urlfetcher.http;

import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The two checks of a connection, on a real socket pair: at its release, and at its next lease. */
@Timeout(30)
class ReuseCheckedConnectionTest {

    private ServerSocket listener;
    private Socket serverSide;
    private ManagedHttpClientConnection connection;

    @BeforeEach
    void connect() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        serverSide = listener.accept();
        connection = new ReuseCheckedConnectionFactory(Http1Config.DEFAULT,
                ReplyAwareResponseParser.factory(Http1Config.DEFAULT))
                .createConnection(client);
    }

    @AfterEach
    void close() throws IOException {
        connection.close();
        serverSide.close();
        listener.close();
    }

    @Test
    void aResponseThatEndsWhereItSaysIsReusable() throws Exception {
        exchange("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

        assertThat(connection.isConsistent()).isTrue();
        assertThat(connection.isStale()).isFalse();
    }

    @Test
    void bytesBufferedPastTheResponseMakeItUnfitAtItsRelease() throws Exception {
        exchange("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok" + KeepAliveServer.FORGED);

        assertThat(connection.isConsistent()).isFalse();
    }

    @Test
    void bytesThatArriveAfterTheReleaseMakeItStaleAtTheNextLease() throws Exception {
        exchange("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertThat(connection.isConsistent()).isTrue();
        connection.passivate();

        serverSide.getOutputStream().write(KeepAliveServer.FORGED.getBytes(StandardCharsets.ISO_8859_1));
        serverSide.getOutputStream().flush();

        await("the late bytes seen by the lease's check").atMost(Duration.ofSeconds(10))
                .until(connection::isStale);
    }

    @Test
    void aConnectionTheServerClosedIsStaleOnceIdle() throws Exception {
        exchange("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        connection.passivate();
        serverSide.close();

        // Within the idle check's interval only the non-blocking checks run; after it, HttpClient's own read says so.
        await("the close seen").atMost(Duration.ofSeconds(10)).until(connection::isStale);
    }

    private void exchange(String response) throws Exception {
        connection.sendRequestHeader(new BasicClassicHttpRequest("GET", "/"));
        connection.flush();
        serverSide.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
        serverSide.getOutputStream().flush();
        ClassicHttpResponse received = connection.receiveResponseHeader();
        connection.receiveResponseEntity(received);
        assertThat(EntityUtils.toString(received.getEntity())).isEqualTo("ok");
    }
}
