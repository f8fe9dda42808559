package io.urlfetcher.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The SSRF guard's rule: with blocking on, a connection may not go to a loopback, private, link-local,
 * carrier-grade NAT, multicast, broadcast or unspecified address, unless its {@code host:port} is on the
 * allow-list. Checked on resolved addresses, so every spelling of an address (decimal {@code 2130706433},
 * IPv4-mapped IPv6, a DNS name pointing inside) is caught, on every connection, redirects included.
 */
final class AddressPolicy {

    private final boolean blockPrivate;
    private final Set<String> allowed;

    AddressPolicy(boolean blockPrivate, Collection<String> allowHostPorts) {
        this.blockPrivate = blockPrivate;
        this.allowed = new HashSet<>();
        for (String entry : allowHostPorts) {
            allowed.add(normalize(entry));
        }
    }

    boolean isBlocking() {
        return blockPrivate;
    }

    /** @throws BlockedAddressException when the address may not be connected to */
    public void check(String host, InetSocketAddress address) throws BlockedAddressException {
        if (!blockPrivate || address.getAddress() == null) {
            return;
        }
        InetAddress ip = address.getAddress();
        String kind = internalKind(ip);
        if (kind == null) {
            return;
        }
        int port = address.getPort();
        if (allowed.contains(normalize(host + ":" + port)) || allowed.contains(normalize(ip.getHostAddress() + ":" + port))) {
            return;
        }
        throw new BlockedAddressException(host + " resolves to " + ip.getHostAddress() + ", " + kind
                + "; blocked by fetch.block-private (allow it with --allow-private " + host + ":" + port + ")");
    }

    /** @return what kind of internal address this is, or null for a public one */
    static String internalKind(InetAddress ip) {
        InetAddress address = embeddedIpv4(ip);
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (address.isSiteLocalAddress()) {
            return "a private address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "an address in 0.0.0.0/8";
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return "a carrier-grade NAT address";
            }
            if (first == 255 && (b[1] & b[2] & b[3] & 0xff) == 0xff) {
                return "the broadcast address";
            }
        } else if ((b[0] & 0xfe) == 0xfc) {
            return "a unique local IPv6 address";
        }
        return null;
    }

    /** IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) IPv6 addresses stand for an IPv4 address. */
    private static InetAddress embeddedIpv4(InetAddress ip) {
        if (!(ip instanceof Inet6Address)) {
            return ip;
        }
        byte[] b = ip.getAddress();
        boolean compatible = true;
        for (int i = 0; i < 12; i++) {
            compatible &= b[i] == 0;
        }
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; i < 12 && nat64; i++) {
            nat64 = b[i] == 0;
        }
        boolean allZeroOrOne = compatible && (b[12] | b[13] | b[14]) == 0 && (b[15] == 0 || b[15] == 1);
        if ((compatible && !allZeroOrOne) || nat64) {
            try {
                return InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] });
            } catch (UnknownHostException e) {
                return ip;
            }
        }
        return ip;
    }

    /** {@code host:port} in one spelling: lower case, IP literals in Java's canonical form ({@code [::1]} is {@code 0:0:0:0:0:0:0:1}). */
    private static String normalize(String hostPort) {
        String value = hostPort.strip().toLowerCase(Locale.ROOT);
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            return value;
        }
        String host = value.substring(0, colon).replace("[", "").replace("]", "");
        if (host.matches("[0-9.]+") || host.contains(":")) {
            try {
                host = InetAddress.getByName(host).getHostAddress(); // a literal: parsed, never looked up
            } catch (UnknownHostException e) {
                // not a literal after all: compare as written
            }
        }
        return host + value.substring(colon);
    }
}
