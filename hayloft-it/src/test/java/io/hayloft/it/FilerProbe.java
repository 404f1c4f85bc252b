package io.hayloft.it;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What a filer's entries reference and what its volume servers hold, read over plain HTTP: the
 * filer's JSON listings and {@code ?metadata=true}, and the volume servers' {@code /status}.
 */
final class FilerProbe {
    /** Go's {@code os.ModeDir}, which the filer's listing sets on directories. */
    private static final long MODE_DIR = 1L << 31;
    private static final int PAGE = 1000;

    private FilerProbe() {
    }

    /** The chunk fids of the file at {@code path}, in offset order. */
    static List<String> chunkFids(String filer, String path) {
        HttpResponse<byte[]> r = TestHttp.get(filer, path + "?metadata=true");
        if (r.statusCode() != 200) {
            throw new AssertionError("metadata of " + path + ": " + r.statusCode() + " " + TestHttp.text(r));
        }
        List<String> fids = new ArrayList<>();
        for (JsonNode c : TestHttp.json(r).path("chunks")) {
            fids.add(c.get("file_id").asString());
        }
        return fids;
    }

    /** Every chunk fid referenced by a file under {@code dir} (a walk of paginated JSON listings). */
    static Set<String> referencedChunks(String filer, String dir) {
        Set<String> fids = new HashSet<>();
        List<String> pending = new ArrayList<>(List.of(dir));
        while (!pending.isEmpty()) {
            String d = pending.removeLast();
            String last = "";
            while (true) {
                JsonNode page = TestHttp.json(listing(filer, d, last));
                for (JsonNode e : page.path("Entries")) {
                    if ((e.get("Mode").asLong() & MODE_DIR) != 0) {
                        pending.add(e.get("FullPath").asString());
                    }
                    for (JsonNode c : e.path("chunks")) {
                        fids.add(c.get("file_id").asString());
                    }
                }
                if (!page.path("ShouldDisplayLoadMore").asBoolean()) {
                    break;
                }
                last = page.get("LastFileName").asString();
            }
        }
        return fids;
    }

    private static HttpResponse<byte[]> listing(String filer, String dir, String lastFileName) {
        String path = (dir.endsWith("/") ? dir : dir + "/") + "?limit=" + PAGE + "&lastFileName="
                + URLEncoder.encode(lastFileName, StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = TestHttp.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(TestHttp.url(filer, path)))
                .header("Accept", "application/json").timeout(java.time.Duration.ofSeconds(30)).build());
        if (r.statusCode() != 200) {
            throw new AssertionError("listing of " + dir + ": " + r.statusCode() + " " + TestHttp.text(r));
        }
        return r;
    }

    /** The volume id of a fid ({@code 3,01637037d6} → 3). */
    static long volumeId(String fid) {
        return Long.parseLong(fid.substring(0, fid.indexOf(',')));
    }

    /** The {@code Volumes} array of a volume server's {@code /status}. */
    static JsonNode volumes(String volumeServer) {
        return TestHttp.json(TestHttp.get(volumeServer, "/status")).get("Volumes");
    }

    /** The entry of volume {@code id} in a volume server's {@code /status}, or null when it holds no such volume. */
    static JsonNode volume(String volumeServer, long id) {
        for (JsonNode v : volumes(volumeServer)) {
            if (v.get("Id").asLong() == id) {
                return v;
            }
        }
        return null;
    }

    /** Live needles on a volume server: the sum of its volumes' {@code FileCount}. */
    static long liveNeedles(String volumeServer) {
        long n = 0;
        for (JsonNode v : volumes(volumeServer)) {
            n += v.get("FileCount").asLong();
        }
        return n;
    }
}
