package io.hayloft.testkit;

import io.hayloft.api.wire.Endpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a running server against its role's endpoint definitions: every method an {@link Endpoint}
 * names reaches a route (the answer is not the router's "no such endpoint" 404, nor a 405), and
 * every other method on a fixed path is a 405. So a route registered under another path than its
 * definition, or a definition the router lost, fails here.
 */
public final class RouteConformance {
    private static final String NO_ROUTE = "no such endpoint";

    private RouteConformance() {
    }

    /**
     * Calls every endpoint of {@code api} at {@code address} ({@code host:port}) with no parameters.
     *
     * @param patternValue what to put in a pattern endpoint's variable part (a fid, a path)
     * @throws AssertionError listing every mismatch
     */
    public static void check(String address, List<Endpoint> api, String patternValue) throws Exception {
        Map<String, Set<Endpoint.Method>> byPath = new HashMap<>();
        api.forEach(e -> byPath.computeIfAbsent(e.path(), p -> EnumSet.noneOf(Endpoint.Method.class))
                .addAll(e.methods()));
        List<String> mismatches = new ArrayList<>();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            for (Map.Entry<String, Set<Endpoint.Method>> route : byPath.entrySet()) {
                Endpoint any = api.stream().filter(e -> e.path().equals(route.getKey())).findFirst().orElseThrow();
                String path = any.isPattern() ? any.at(patternValue).pathAndQuery() : any.query().pathAndQuery();
                for (Endpoint.Method m : Endpoint.Method.values()) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + address + path))
                                    .timeout(Duration.ofSeconds(30))
                                    .method(m.name(), HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString());
                    boolean defined = route.getValue().contains(m);
                    boolean routed = r.statusCode() != 405 && !(r.statusCode() == 404 && r.body().contains(NO_ROUTE));
                    if (defined && !routed) {
                        mismatches.add(m + " " + path + " is defined but answered " + r.statusCode() + " " + r.body());
                    } else if (!defined && !any.isPattern() && r.statusCode() != 405) {
                        mismatches.add(m + " " + path + " is not defined but answered " + r.statusCode());
                    }
                }
            }
        }
        if (!mismatches.isEmpty()) {
            throw new AssertionError("routes differ from their definitions:\n" + String.join("\n", mismatches));
        }
    }
}
