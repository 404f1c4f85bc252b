package io.hayloft.volume.http;

import io.hayloft.volume.master.Reconciliation;
import java.util.Optional;
import java.util.function.Supplier;
import io.hayloft.http.Blocking;
import io.hayloft.http.Responses;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeStats;
import io.hayloft.volume.store.DiskLocation;
import io.hayloft.volume.store.Store;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /status}: SeaweedFS-shaped JSON
 * {@code {"Version","Volumes":[{Id,Size,Collection,ReplicaPlacement,Ttl,FileCount,DeleteCount,
 * DeletedByteCount,ReadOnly,CompactRevision,GarbageRatio,ModifiedAtSecond}],"DiskStatuses":[{dir,all,used,free,
 * MaxVolumes,VolumeCount,FreeSlots}],"VolumeSizeLimit","Reconciliation":{Master,Missing,Unexpected}}}
 * (Reconciliation once a master that knew this node answered a heartbeat). Runs on a virtual thread.
 */
final class StatusHandler implements Handler<RoutingContext> {
    /** The version string every Hayloft status answer carries. */
    static final String VERSION = "hayloft 0.1.0";

    private final Store store;
    private final Supplier<Optional<Reconciliation>> reconciliation;

    StatusHandler(Store store, Supplier<Optional<Reconciliation>> reconciliation) {
        this.store = store;
        this.reconciliation = reconciliation;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Blocking.handle(ctx, c -> Responses.json(c, 200, status()));
    }

    Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Version", VERSION);
        List<Map<String, Object>> volumes = new ArrayList<>();
        for (Volume v : store.volumes()) {
            volumes.add(volume(v));
        }
        s.put("Volumes", volumes);
        List<Map<String, Object>> disks = new ArrayList<>();
        for (DiskLocation l : store.locations()) {
            disks.add(disk(l));
        }
        s.put("DiskStatuses", disks);
        s.put("VolumeSizeLimit", store.sizeLimit());
        reconciliation.get().ifPresent(r -> s.put("Reconciliation", Map.of("Master", r.master(),
                "Missing", r.missing(), "Unexpected", r.unexpected())));
        return s;
    }

    private static Map<String, Object> volume(Volume v) {
        VolumeStats st = v.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", v.id().value());
        m.put("Size", st.datSize());
        m.put("Collection", v.collection());
        m.put("ReplicaPlacement", v.replicaPlacement().toString());
        m.put("Ttl", v.ttl().toString());
        m.put("FileCount", st.fileCount());
        m.put("DeleteCount", st.deleteCount());
        m.put("DeletedByteCount", st.deletedBytes());
        m.put("ReadOnly", v.isReadOnly() || v.isFull());
        m.put("CompactRevision", v.superBlock().compactionRevision());
        m.put("GarbageRatio", v.garbageRatio());
        m.put("ModifiedAtSecond", st.lastAppendAtSeconds());
        return m;
    }

    private static Map<String, Object> disk(DiskLocation l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dir", l.dir().toString());
        try {
            FileStore fs = Files.getFileStore(l.dir());
            m.put("all", fs.getTotalSpace());
            m.put("used", fs.getTotalSpace() - fs.getUnallocatedSpace());
            m.put("free", fs.getUsableSpace());
        } catch (IOException e) {
            m.put("error", "cannot read disk usage: " + e.getMessage());
        }
        m.put("MaxVolumes", l.maxVolumes());
        m.put("VolumeCount", l.volumes().size());
        m.put("FreeSlots", l.freeSlots());
        return m;
    }
}
