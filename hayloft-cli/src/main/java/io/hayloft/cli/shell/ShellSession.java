package io.hayloft.cli.shell;

import io.hayloft.security.SecurityConfig;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a command runs against: the masters, the filer, where to print, and the {@code fs.*}
 * commands' current directory. One per {@code hayloft shell} run; used by one thread at a time.
 */
public final class ShellSession {
    /** The filer used when none is given. */
    public static final String DEFAULT_FILER = "localhost:8888";

    private final MasterHttp masters;
    private final PrintWriter out;
    private final String filer;
    private final OutputStream binaryOut;
    private final SecurityConfig security;
    private String directory = "/";

    /**
     * @param masters   JSON calls to the masters (and to volume servers)
     * @param out       where results go
     * @param filer     {@code host:port} of the filer the {@code fs.*} commands use
     * @param binaryOut where {@code fs.cat} writes file bytes (after flushing {@code out})
     */
    public ShellSession(MasterHttp masters, PrintWriter out, String filer, OutputStream binaryOut) {
        this(masters, out, filer, binaryOut, SecurityConfig.NONE);
    }

    /**
     * As {@link #ShellSession(MasterHttp, PrintWriter, String, OutputStream)}, the {@code fs.*} commands talking to
     * the filer as {@code security} asks (HTTPS with {@code [tls]}).
     */
    public ShellSession(MasterHttp masters, PrintWriter out, String filer, OutputStream binaryOut,
                        SecurityConfig security) {
        this.masters = masters;
        this.out = out;
        this.filer = filer;
        this.binaryOut = binaryOut;
        this.security = security;
    }

    /** A session on the {@link #DEFAULT_FILER} writing file bytes to {@link System#out}. */
    public ShellSession(MasterHttp masters, PrintWriter out) {
        this(masters, out, DEFAULT_FILER, System.out);
    }

    /** JSON calls to the masters (and to volume servers). */
    public MasterHttp masters() {
        return masters;
    }

    /** Where results go. */
    public PrintWriter out() {
        return out;
    }

    /** {@code host:port} of the filer. */
    public String filer() {
        return filer;
    }

    /** The {@code security.toml} the session's calls follow. */
    public SecurityConfig security() {
        return security;
    }

    /** Where file bytes go. */
    public OutputStream binaryOut() {
        return binaryOut;
    }

    /** The current filer directory, absolute; {@code /} at start. */
    public String directory() {
        return directory;
    }

    /** Makes {@code absolute} (a directory, already checked) the current directory. */
    void changeDirectory(String absolute) {
        if (!absolute.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path: " + absolute);
        }
        this.directory = absolute;
    }

    /**
     * {@code path} as an absolute filer path: relative paths resolve against {@link #directory()},
     * {@code .} and {@code ..} are applied (never above {@code /}), repeated and trailing slashes
     * dropped.
     */
    public String resolve(String path) {
        Deque<String> segments = new ArrayDeque<>();
        String full = path.startsWith("/") ? path : directory + "/" + path;
        for (String s : full.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(s);
            }
        }
        return "/" + String.join("/", segments);
    }
}
