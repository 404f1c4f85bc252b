package io.hayloft.http;

import io.hayloft.api.HayloftException;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -whiteList}: the addresses allowed to write (SeaweedFS's trust list). Entries are IPv4 or
 * IPv6 literals or CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}); host names are refused, so
 * no DNS lookup ever decides a request. An empty list trusts everyone. An IPv4-mapped IPv6 peer
 * ({@code ::ffff:10.0.0.1}) counts as its IPv4 address.
 *
 * <p>Only the routes a server declares as writes are checked ({@link #guard}); reads stay open. A
 * cluster's own servers call each other's write endpoints (masters allocate volumes, volume
 * servers send replica copies and heartbeats, followers forward to the leader), so the list must
 * name every master and volume server too. Immutable, thread-safe; checking is a few integer
 * comparisons and never blocks.
 */
public final class WhiteList {
    /** Trusts everyone: the default when no {@code -whiteList} is given. */
    public static final WhiteList OPEN = new WhiteList(List.of(), List.of());

    private final List<String> entries;
    private final List<Block> blocks;

    private WhiteList(List<String> entries, List<Block> blocks) {
        this.entries = List.copyOf(entries);
        this.blocks = List.copyOf(blocks);
    }

    /** An address block: {@code prefix} significant bits of {@code network}. */
    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    /**
     * Parses the entries (blank ones are skipped).
     *
     * @throws HayloftException {@code BAD_REQUEST} naming the first entry that is not an IP literal
     *                          or a CIDR block with a prefix length in range
     */
    public static WhiteList parse(List<String> entries) {
        List<String> kept = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            byte[] network = literal(slash < 0 ? entry : entry.substring(0, slash), entry);
            int bits = network.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                String p = entry.substring(slash + 1);
                HayloftException.checkArgument(!p.isEmpty() && p.length() <= 3 && p.chars().allMatch(Character::isDigit),
                        "-whiteList entry '" + entry + "': bad prefix length");
                prefix = Integer.parseInt(p);
                HayloftException.checkArgument(prefix <= bits,
                        "-whiteList entry '" + entry + "': prefix length must be 0.." + bits);
            }
            kept.add(entry);
            blocks.add(new Block(network, prefix));
        }
        return new WhiteList(kept, blocks);
    }

    /** True when no entry was given (everyone is trusted). */
    public boolean isOpen() {
        return blocks.isEmpty();
    }

    /** The entries as given. */
    public List<String> entries() {
        return entries;
    }

    /**
     * True when {@code ip} (an IP literal) may write. A value that is not an IP literal is refused
     * unless the list is open.
     */
    public boolean allows(String ip) {
        if (isOpen()) {
            return true;
        }
        byte[] address;
        try {
            address = InetAddress.ofLiteral(ip).getAddress();
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
        for (Block b : blocks) {
            if (b.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A route handler that answers 403 {@code {"error","code":"FORBIDDEN"}} to a request from an
     * address not on the list and passes every other request on. Put it first on each route that
     * writes or hands out data wholesale: it then runs on exactly the routes the router matched
     * (after its path normalisation: {@code /%61dmin/x}, {@code //dir/assign}, {@code /x/../dir/assign}
     * reach it as their route), never on a spelling of the raw path. Runs on the event loop (it never blocks).
     */
    public SecurityPolicyHandler guard() {
        // a security policy handler, so Vert.x lets it run before a route's body handler
        return ctx -> {
            if (admit(ctx)) {
                ctx.next();
            }
        };
    }

    /**
     * True when the request's address may pass; otherwise answers 403 {@code {"error","code":"FORBIDDEN"}}
     * and returns false. Never blocks.
     */
    public boolean admit(RoutingContext ctx) {
        if (isOpen()) {
            return true;
        }
        SocketAddress remote = ctx.request().remoteAddress();
        String ip = remote == null ? null : remote.hostAddress();
        if (allows(ip)) {
            return true;
        }
        Responses.error(ctx, io.hayloft.api.ErrorCode.FORBIDDEN, "address " + ip
                + " is not on this server's -whiteList: " + ctx.request().method() + " " + ctx.normalizedPath()
                + " refused");
        return false;
    }

    private static byte[] literal(String s, String entry) {
        HayloftException.checkArgument(!s.isEmpty() && (s.indexOf(':') >= 0 || (s.chars()
                        .allMatch(c -> Character.isDigit(c) || c == '.') && s.chars().filter(c -> c == '.').count() == 3)),
                "-whiteList entry '" + entry + "' is not an IP address (a.b.c.d or IPv6) or CIDR block;"
                        + " host names are not allowed");
        try {
            return InetAddress.ofLiteral(s).getAddress();
        } catch (IllegalArgumentException e) {
            throw HayloftException.badRequest("-whiteList entry '" + entry + "' is not an IP address or CIDR block");
        }
    }

    @Override
    public String toString() {
        return isOpen() ? "open" : String.join(",", entries);
    }
}
