package io.hayloft.cli.shell;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON calls from the shell to the masters (and single calls to volume servers) over the JDK
 * HttpClient. Each call tries the masters in the order given; a master that is down or answers 503
 * (no leader yet, leadership changing) is skipped, and the whole round is retried until
 * {@link #patience} has passed. Any other 4xx/5xx is final and becomes a {@link HayloftException}
 * carrying the master's error text. Blocking; thread-safe.
 */
public final class MasterHttp {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration ROUND_PAUSE = Duration.ofMillis(300);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> masters;
    private final HttpClient http;
    private final Duration patience;
    private final Clock clock;

    /**
     * @param masters  {@code host:port} of one or more masters
     * @param patience how long to keep retrying while no master can serve the call
     * @param clock    time source for the retry deadline
     */
    public MasterHttp(List<String> masters, Duration patience, Clock clock) {
        if (masters.isEmpty()) {
            throw new ShellUsageException("-master needs at least one host:port");
        }
        this.masters = List.copyOf(masters);
        this.patience = patience;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The masters as given. */
    public List<String> masters() {
        return masters;
    }

    /** {@code GET path} on the first master that can serve it. */
    public JsonNode get(String pathAndQuery) {
        return call("GET", pathAndQuery);
    }

    /** {@code POST path} (empty body) on the first master that can serve it. */
    public JsonNode post(String pathAndQuery) {
        return call("POST", pathAndQuery);
    }

    /**
     * {@code GET path} on exactly {@code server} (a master or a volume server), no retry.
     *
     * @throws HayloftException {@code UNAVAILABLE} when it cannot be reached or answers an error
     */
    public JsonNode getFrom(String server, String pathAndQuery) {
        return once(server, "GET", pathAndQuery);
    }

    /**
     * {@code POST path} (empty body) on exactly {@code server} (a master or a volume server), no
     * retry.
     *
     * @throws HayloftException {@code UNAVAILABLE} when it cannot be reached or answers an error
     */
    public JsonNode postTo(String server, String pathAndQuery) {
        return once(server, "POST", pathAndQuery);
    }

    private JsonNode once(String server, String method, String pathAndQuery) {
        Answer a = send(server, method, pathAndQuery);
        if (a.status() / 100 != 2) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, server + " answered " + a.status() + ": " + a.error());
        }
        return a.json();
    }

    private JsonNode call(String method, String pathAndQuery) {
        Instant deadline = clock.instant().plus(patience);
        List<String> failures = new ArrayList<>();
        while (true) {
            failures.clear();
            for (String master : masters) {
                Answer a;
                try {
                    a = send(master, method, pathAndQuery);
                } catch (HayloftException e) {
                    failures.add(e.getMessage());
                    continue;
                }
                if (a.status() / 100 == 2) {
                    return a.json();
                }
                if (a.code() != ErrorCode.UNAVAILABLE) {
                    throw new HayloftException(a.code(), a.error());
                }
                failures.add(master + ": " + a.error());
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "no master could serve " + method + " "
                        + pathAndQuery + " within " + patience + ": " + String.join("; ", failures));
            }
            LockSupport.parkNanos(ROUND_PAUSE.toNanos());
        }
    }

    private Answer send(String master, String method, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + master + pathAndQuery))
                .timeout(REQUEST_TIMEOUT).method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException | IllegalArgumentException e) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, master + " cannot be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HayloftException(ErrorCode.UNAVAILABLE, "interrupted calling " + master);
        }
    }

    private record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JacksonException e) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "unreadable answer: " + body);
            }
        }

        /** The body's {@code code} (what the shell decides on), or what the status stands for without one. */
        ErrorCode code() {
            try {
                JsonNode c = JSON.readTree(body).get("code");
                if (c != null) {
                    return ErrorCode.parse(c.asString()).orElse(ErrorCode.fromStatus(status));
                }
            } catch (JacksonException e) {
                // plain text: the status is all there is
            }
            return ErrorCode.fromStatus(status);
        }

        String error() {
            try {
                JsonNode e = JSON.readTree(body).get("error");
                return e == null ? body : e.asString();
            } catch (JacksonException e) {
                return body;
            }
        }
    }
}
