package io.urlfetcher.http;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressPolicyTest {

    private final AddressPolicy guard = new AddressPolicy(true, List.of("127.0.0.1:8080", "[::1]:9000"));

    private static InetSocketAddress at(String literal, int port) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(literal), port); // literals only: no DNS lookup
    }

    @Test
    void refusesEveryKindOfInternalAddress() throws UnknownHostException {
        for (String internal : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "fe80::1", "fd00::1", "::",
                "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "::7f00:1")) {
            InetSocketAddress address = at(internal, 80);
            assertThatThrownBy(() -> guard.check("target", address)).as(internal)
                    .isInstanceOf(BlockedAddressException.class);
        }
    }

    @Test
    void catchesEncodedSpellingsOfLoopback() throws UnknownHostException {
        // The decimal and hex forms are parsed by the resolver; the guard sees the address they mean.
        assertThat(AddressPolicy.internalKind(InetAddress.getByName("2130706433"))).isEqualTo("a loopback address");
        assertThat(AddressPolicy.internalKind(InetAddress.getByName("::ffff:127.0.0.1"))).isEqualTo("a loopback address");
    }

    @Test
    void letsPublicAddressesThrough() throws UnknownHostException {
        for (String external : List.of("93.184.216.34", "8.8.8.8", "2606:2800:220:1:248:1893:25c8:1946", "100.128.0.1")) {
            InetSocketAddress address = at(external, 443);
            assertThatCode(() -> guard.check("example", address)).as(external).doesNotThrowAnyException();
        }
    }

    @Test
    void theAllowListIsByHostAndPort() throws UnknownHostException {
        assertThatCode(() -> guard.check("127.0.0.1", at("127.0.0.1", 8080))).doesNotThrowAnyException();
        assertThatCode(() -> guard.check("localhost", at("::1", 9000))).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.check("127.0.0.1", at("127.0.0.1", 8081)))
                .hasMessage("127.0.0.1 resolves to 127.0.0.1, a loopback address; blocked by fetch.block-private"
                            + " (allow it with --allow-private 127.0.0.1:8081)");
    }

    @Test
    void offMeansOff() throws UnknownHostException {
        AddressPolicy off = new AddressPolicy(false, List.of());
        assertThatCode(() -> off.check("metadata", at("169.254.169.254", 80))).doesNotThrowAnyException();
    }
}
