package io.hayloft.volume.http;

import io.hayloft.api.HayloftException;
import io.hayloft.api.Collections;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.VolumeApi;
import io.hayloft.http.Blocking;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.storage.ec.EcFiles;
import io.hayloft.volume.ec.EcDecoder;
import io.hayloft.volume.ec.EcMount;
import io.hayloft.volume.ec.EcShardCopier;
import io.hayloft.volume.ec.EcVolumes;
import io.hayloft.volume.transfer.AdminParams;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The erasure-coding routes of the volume server (white-list guarded, run on virtual threads):
 * <ul>
 *   <li>{@code POST /admin/ec/encode?volume=N}: encode the read-only volume N held here into 14 shards here
 *       → {@code {"volume":N,"shards":[0..13]}} (404 not here, 409 writable or encoded already, 400 TTL);</li>
 *   <li>{@code POST /admin/ec/copy?volume=N&collection=c&source=h:p&shards=0,1}: pull and verify those
 *       shards → {@code {"volume":N,"bytes":b,"shards":[held here]}} (503 when the source fails);</li>
 *   <li>{@code GET /admin/ec/file?volume=N&file=ec03|ecx|ecm|ecj}: stream one file (404 when absent);</li>
 *   <li>{@code POST /admin/ec/delete?volume=N&shards=0,1}: drop those shards here → {@code {"shards":[left]}};</li>
 *   <li>{@code POST /admin/ec/rebuild?volume=N&collection=c&shards=3[&source=h:p]}: write lost shards here
 *       anew from the others → {@code {"volume":N,"shards":[held here]}};</li>
 *   <li>{@code POST /admin/ec/decode?volume=N}: build the replicated volume here from the shards (live needles
 *       only), read-only → {@code {"volume":N,"files":n,"size":b}} (409 a volume of the id here already);</li>
 *   <li>{@code GET /internal/ec/shard?volume=N&shard=s&offset=o&size=n}: raw bytes of a shard held here
 *       (404 not held, 400 outside the shard);</li>
 *   <li>{@code POST /internal/ec/delete?volume=N&key=hex}: journal a needle's delete here →
 *       {@code {"deleted":true|false}};</li>
 *   <li>{@code POST /admin/ec/compact?volume=N&generation=g}: write generation g (staged) from the live needles
 *       of the one served → {@code {"volume":N,"shards":[..],"generation":g,"needles":n,"shardSize":b}} (409 g not
 *       above every generation here);</li>
 *   <li>{@code POST /admin/ec/commit?volume=N&generation=g}: serve staged generation g, the deletes carried over
 *       → the status (409 not staged here);</li>
 *   <li>{@code GET /admin/ec/status?volume=N}: {@code {"volume","shards","generation","generations","needles",
 *       "live","garbageRatio","shardSize"}};</li>
 *   <li>{@code generation=g} on copy, file, delete and {@code /internal/ec/shard}: that generation (staged or
 *       retired) instead of the one served (404 when not kept here);</li>
 *   <li>{@code GET /ec/shardmap?volume=N} (not guarded: it tells where needles lie, as a read does, not their
 *       bytes or cookies): {@code {"volume":N,"firstKeys":["1","2f3",..],"shards":[0,1,..],"generation":g}}, the keys from
 *       {@code firstKeys[i]} on start in data shard {@code shards[i]} ({@code -1}: any holder) in generation g of
 *       the shards, the one served here (absent when 0) (404 not here).</li>
 * </ul>
 * Every change is followed by a heartbeat, so the master sees the shards at once.
 */
final class EcHandlers {
    /** Largest shard range one peer read may ask for. */
    static final int MAX_SHARD_READ = 256 << 20;

    private final EcVolumes volumes;
    private final EcShardCopier copier;
    private final EcDecoder decoder;
    private final Runnable changed;

    EcHandlers(EcVolumes volumes, EcShardCopier copier, EcDecoder decoder, Runnable changed) {
        this.volumes = volumes;
        this.copier = copier;
        this.decoder = decoder;
        this.changed = changed;
    }

    void decode(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, VolumeApi.EC_DECODE.params());
            VolumeId id = AdminParams.volumeId(c);
            var v = decoder.decode(id);
            changed.run();
            Responses.json(c, 200, Map.of("volume", id.value(), "files", v.stats().fileCount(),
                    "size", v.stats().datSize()));
        });
    }

    void encode(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, VolumeApi.EC_ENCODE.params());
            VolumeId id = AdminParams.volumeId(c);
            EcMount m = volumes.encode(id);
            changed.run();
            Responses.json(c, 200, held(m));
        });
    }

    void copy(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, VolumeApi.EC_COPY.params());
            VolumeId id = AdminParams.volumeId(c);
            String collection = Collections.check(Params.string(c, VolumeApi.COLLECTION, ""));
            String source = Params.string(c, VolumeApi.SOURCE, "");
            HayloftException.checkArgument(!source.isEmpty(), "parameter 'source' is required");
            SortedSet<Integer> shards = shards(c);
            long bytes = copier.copy(id, collection, source, shards, generation(c));
            changed.run();
            Map<String, Object> answer = held(volumes.mount(id));
            answer.put("bytes", bytes);
            Responses.json(c, 200, answer);
        });
    }

    void file(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, VolumeApi.EC_FILE.params());
            VolumeId id = AdminParams.volumeId(c);
            String file = Params.string(c, VolumeApi.FILE, "");
            EcFiles files = volumes.generation(id, generation(c)).files();
            Path path;
            if (file.equals("ecx")) {
                path = files.index();
            } else if (file.equals("ecm")) {
                path = files.metadata();
            } else if (file.equals("ecj")) {
                path = files.journal();
            } else if (file.matches("ec[0-9][0-9]")) {
                path = files.shard(Integer.parseInt(file.substring(2)));
            } else {
                throw HayloftException.badRequest("parameter 'file' must be ec00..ec63, ecx, ecm or ecj, got '"
                        + abbreviate(file) + "'");
            }
            if (!Files.exists(path)) {
                throw HayloftException.notFound("volume " + id + " has no " + file + " file on this server");
            }
            c.response().putHeader("Content-Type", "application/octet-stream");
            c.response().sendFile(path.toString());
        });
    }

    void delete(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, VolumeApi.EC_DELETE.params());
            VolumeId id = AdminParams.volumeId(c);
            var left = volumes.deleteShards(id, shards(c), generation(c));
            changed.run();
            Responses.json(c, 200, Map.of("volume", id.value(), "shards", left));
        });
    }

    void rebuild(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, VolumeApi.EC_REBUILD.params());
            VolumeId id = AdminParams.volumeId(c);
            String collection = Collections.check(Params.string(c, VolumeApi.COLLECTION, ""));
            SortedSet<Integer> shards = shards(c);
            copier.rebuild(id, collection, shards, Params.string(c, VolumeApi.SOURCE, ""));
            changed.run();
            Responses.json(c, 200, held(volumes.mount(id)));
        });
    }

    void shardRead(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, VolumeApi.EC_SHARD_READ.params());
            VolumeId id = AdminParams.volumeId(c);
            int shard = Params.intParam(c, VolumeApi.SHARD, -1, 0, 63);
            long offset = Params.longParam(c, VolumeApi.OFFSET, -1, 0, Long.MAX_VALUE);
            int size = Params.intParam(c, VolumeApi.SIZE, -1, 0, MAX_SHARD_READ);
            HayloftException.checkArgument(shard >= 0 && offset >= 0 && size >= 0,
                    "parameters 'shard', 'offset' and 'size' are required");
            EcMount m = volumes.generation(id, generation(c));
            HayloftException.checkArgument(offset <= m.metadata().layout().shardSize() - size,
                    "bytes " + offset + "+" + size + " lie outside the " + m.metadata().layout().shardSize()
                            + "-byte shard");
            byte[] bytes = new byte[size];
            m.readHere(shard, offset, bytes);
            c.response().putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(bytes));
        });
    }

    void needleDelete(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, VolumeApi.EC_NEEDLE_DELETE.params());
            VolumeId id = AdminParams.volumeId(c);
            String k = Params.string(c, VolumeApi.KEY, "");
            HayloftException.checkArgument(k.matches("[0-9a-fA-F]{1,16}"),
                    "parameter 'key' must be 1 to 16 hex digits, got '" + abbreviate(k) + "'");
            boolean deleted = volumes.mount(id).deleteHere(Long.parseUnsignedLong(k, 16));
            Responses.json(c, 200, Map.of("deleted", deleted));
        });
    }

    void shardMap(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, VolumeApi.EC_SHARD_MAP.params());
            VolumeId id = AdminParams.volumeId(c);
            EcMount m = volumes.mount(id);
            Responses.json(c, 200, m.needleShards().toWire(id.value(), m.generation()));
        });
    }

    void compact(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, VolumeApi.EC_COMPACT.params());
            VolumeId id = AdminParams.volumeId(c);
            int generation = requiredGeneration(c);
            EcMount m = volumes.compact(id, generation);
            Map<String, Object> answer = held(m);
            answer.put("generation", m.generation());
            answer.put("needles", m.needleCount());
            answer.put("shardSize", m.metadata().layout().shardSize());
            Responses.json(c, 200, answer);
        });
    }

    void commit(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, VolumeApi.EC_COMMIT.params());
            VolumeId id = AdminParams.volumeId(c);
            EcMount m = volumes.commit(id, requiredGeneration(c));
            changed.run();
            Responses.json(c, 200, status(m));
        });
    }

    void status(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, VolumeApi.EC_STATUS.params());
            Responses.json(c, 200, status(volumes.mount(AdminParams.volumeId(c))));
        });
    }

    private Map<String, Object> status(EcMount m) {
        Map<String, Object> answer = held(m);
        answer.put("generation", m.generation());
        answer.put("generations", volumes.generations(m.id()));
        answer.put("needles", m.needleCount());
        answer.put("live", m.liveCount());
        answer.put("garbageRatio", m.garbageRatio());
        answer.put("shardSize", m.metadata().layout().shardSize());
        return answer;
    }

    /** The optional {@code generation=g} (0 .. 2^31-1); -1 when absent: the generation served. */
    private static int generation(RoutingContext ctx) {
        return Params.intParam(ctx, VolumeApi.GENERATION, -1, 0, Integer.MAX_VALUE);
    }

    private static int requiredGeneration(RoutingContext ctx) {
        int g = generation(ctx);
        HayloftException.checkArgument(g >= 1, "parameter 'generation' (1 or more) is required");
        return g;
    }

    private static Map<String, Object> held(EcMount m) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("volume", m.id().value());
        answer.put("shards", bitsToList(m.shardBits()));
        return answer;
    }

    private static java.util.List<Integer> bitsToList(long bits) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            if ((bits & (1L << i)) != 0) {
                out.add(i);
            }
        }
        return out;
    }

    /** The required {@code shards=0,4,9}: shard ids 0..63, at least one. */
    static SortedSet<Integer> shards(RoutingContext ctx) {
        String text = Params.string(ctx, VolumeApi.SHARDS, "");
        HayloftException.checkArgument(!text.isEmpty(), "parameter 'shards' is required (e.g. 0,4,9)");
        SortedSet<Integer> shards = new TreeSet<>();
        for (String part : text.split(",", -1)) {
            HayloftException.checkArgument(part.matches("[0-9]{1,2}") && Integer.parseInt(part) < 64,
                    "parameter 'shards' must be shard ids 0..63 separated by commas, got '" + abbreviate(text) + "'");
            shards.add(Integer.parseInt(part));
        }
        return shards;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
