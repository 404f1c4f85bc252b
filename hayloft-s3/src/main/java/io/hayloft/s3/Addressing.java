package io.hayloft.s3;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How clients address the gateway: the domain names under which a host names a bucket (virtual-host style,
 * {@code photos.s3.example.com} for domain {@code s3.example.com}; any other host is path-style,
 * {@code /photos/key}), and the URL clients use when a proxy in front rewrites the {@code Host} header
 * ({@code -externalUrl}: its host is what their signatures cover). Immutable.
 *
 * @param domainNames lower-case host names, no port ({@code -domainName}, comma-separated); empty: path-style only
 * @param externalUrl {@code http(s)://host[:port]} clients reach the gateway at, or empty
 */
public record Addressing(List<String> domainNames, Optional<URI> externalUrl) {
    /** Path-style only, signatures over the {@code Host} the request carries (or its {@code X-Forwarded-Host}). */
    public static final Addressing PATH_STYLE = new Addressing(List.of(), Optional.empty());

    /**
     * @throws IllegalArgumentException for a domain name that is empty, has a port or a scheme, or an
     *                                  external URL that is not {@code http(s)://host[:port]}
     */
    public Addressing {
        List<String> names = new ArrayList<>();
        for (String d : domainNames) {
            String n = d.strip().toLowerCase(Locale.ROOT);
            if (n.isEmpty() || n.contains("/") || n.contains(":") || n.startsWith(".") || n.endsWith(".")) {
                throw new IllegalArgumentException("-domainName takes host names without scheme or port, got '" + d
                        + "'");
            }
            names.add(n);
        }
        names.sort(Comparator.comparingInt(String::length).reversed()); // the longest domain a host ends with wins
        domainNames = List.copyOf(names);
        externalUrl.ifPresent(u -> {
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null || (u.getRawPath() != null && !u.getRawPath().isEmpty()
                    && !u.getRawPath().equals("/")) || u.getRawQuery() != null) {
                throw new IllegalArgumentException("-externalUrl must be http(s)://host[:port], got '" + u + "'");
            }
        });
    }

    /**
     * Addressing from the flags' text: {@code domainNames} comma-separated (blank: none), {@code externalUrl}
     * blank for none.
     *
     * @throws IllegalArgumentException as the constructor, and for a URL that does not parse
     */
    public static Addressing parse(String domainNames, String externalUrl) {
        List<String> names = domainNames == null || domainNames.isBlank() ? List.of()
                : List.of(domainNames.split(","));
        Optional<URI> url;
        try {
            url = externalUrl == null || externalUrl.isBlank() ? Optional.empty()
                    : Optional.of(new URI(externalUrl.strip()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("-externalUrl is not a URL: " + e.getMessage());
        }
        return new Addressing(names, url);
    }

    /**
     * The bucket {@code host} names as {@code <bucket>.<domain>} for one of the domain names, or empty when it
     * names none (path-style).
     *
     * @param host a host name, with or without {@code :port}
     */
    public Optional<String> bucketOf(String host) {
        if (domainNames.isEmpty() || host == null) {
            return Optional.empty();
        }
        String h = stripPort(host).toLowerCase(Locale.ROOT);
        for (String d : domainNames) {
            if (h.length() > d.length() + 1 && h.endsWith(d) && h.charAt(h.length() - d.length() - 1) == '.') {
                return Optional.of(h.substring(0, h.length() - d.length() - 1));
            }
        }
        return Optional.empty();
    }

    /** {@code host[:port]} of the external URL (its port only when not its scheme's default), if any. */
    public Optional<String> externalHost() {
        return externalUrl.map(u -> u.getPort() < 0 || u.getPort() == defaultPort(u.getScheme()) ? u.getHost()
                : u.getHost() + ":" + u.getPort());
    }

    /** 443 for https, 80 otherwise. */
    public static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /** {@code host} without its {@code :port} (an IPv6 literal keeps its brackets). */
    public static String stripPort(String host) {
        int colon = host.lastIndexOf(':');
        int bracket = host.lastIndexOf(']');
        return colon > bracket && colon >= 0 ? host.substring(0, colon) : host;
    }
}
