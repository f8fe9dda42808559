package io.urlfetcher.http;

import org.apache.hc.client5.http.DnsResolver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves through a delegate, then lets {@link AddressPolicy} refuse internal addresses before any connection. */
final class GuardedDnsResolver implements DnsResolver {

    private final DnsResolver delegate;
    private final AddressPolicy policy;

    GuardedDnsResolver(DnsResolver delegate, AddressPolicy policy) {
        this.delegate = delegate;
        this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = delegate.resolve(host);
        for (InetAddress address : addresses) {
            policy.check(host, new InetSocketAddress(address, 0));
        }
        return addresses;
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        List<InetSocketAddress> addresses = delegate.resolve(host, port);
        for (InetSocketAddress address : addresses) {
            policy.check(host, address);
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return delegate.resolveCanonicalHostname(host);
    }
}
