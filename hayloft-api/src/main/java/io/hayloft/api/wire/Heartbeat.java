package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * What a volume server tells the master every pulse ({@code POST /internal/heartbeat}).
 *
 * <p>A beat is either a <em>full report</em> ({@code delta} false: {@code volumes} lists every volume
 * the server holds, and the master drops what it does not list) or a <em>delta</em> ({@code delta} true:
 * {@code volumes} lists only the volumes new or changed since the server's previous beat, {@code
 * deletedVolumes} those gone since). A server sends a full report when it starts, when a master asks
 * for one ({@link HeartbeatResponse#fullReportRequested}) and now and then as a check; deltas otherwise,
 * so a pulse from a server whose volumes did not change carries no volume at all. Beats are numbered
 * ({@code sequence} 1, 2, ... from the server's start): a master applies a delta only on top of the
 * beat numbered just before it, and asks for a full report when it missed one, so a lost delta never
 * leaves its view wrong. A sender that numbers nothing ({@code sequence} 0, no {@code delta}) sends
 * full reports, as volume servers before deltas did.
 *
 * @param nodeId         the id the master gave this server (kept in its meta file)
 * @param ip             address other servers reach it at
 * @param port           its HTTP port
 * @param publicUrl      {@code host:port} clients should use
 * @param dataCenter     data center name ("DefaultDataCenter" when not set)
 * @param rack           rack name ("DefaultRack" when not set)
 * @param maxVolumeCount volume slots across all its dirs
 * @param maxFileKey     largest needle key it holds (the master's sequencer never goes below it)
 * @param volumes        a full report: every volume it holds; a delta: the volumes new or changed since beat
 *                       {@code sequence - 1}
 * @param ecShards       every erasure-coded volume it holds shards of, in every beat, full or delta (empty,
 *                       never null, when none): the master replaces its shard map for the server with it
 * @param sequence       this beat's number since the server started (1 first), 0 when not numbered
 * @param delta          true when {@code volumes} and {@code deletedVolumes} are changes since beat {@code
 *                       sequence - 1}; false for a full report
 * @param deletedVolumes a delta only: ids of the volumes gone since beat {@code sequence - 1}; empty otherwise
 */
public record Heartbeat(@JsonProperty("nodeId") long nodeId, @JsonProperty("ip") String ip,
                        @JsonProperty("port") int port, @JsonProperty("publicUrl") String publicUrl,
                        @JsonProperty("dataCenter") String dataCenter, @JsonProperty("rack") String rack,
                        @JsonProperty("maxVolumeCount") int maxVolumeCount,
                        @JsonProperty("maxFileKey") long maxFileKey,
                        @JsonProperty("volumes") List<VolumeReport> volumes,
                        @JsonProperty("ecShards") List<EcShardReport> ecShards,
                        @JsonProperty("sequence") long sequence, @JsonProperty("delta") boolean delta,
                        @JsonProperty("deletedVolumes") List<Integer> deletedVolumes) {
    public Heartbeat {
        volumes = volumes == null ? List.of() : volumes;
        ecShards = ecShards == null ? List.of() : List.copyOf(ecShards);
        deletedVolumes = deletedVolumes == null ? List.of() : deletedVolumes;
    }

    /** An unnumbered full report ({@code sequence} 0) of a server holding no erasure-coded shards. */
    public Heartbeat(long nodeId, String ip, int port, String publicUrl, String dataCenter, String rack,
                     int maxVolumeCount, long maxFileKey, List<VolumeReport> volumes) {
        this(nodeId, ip, port, publicUrl, dataCenter, rack, maxVolumeCount, maxFileKey, volumes, List.of(), 0, false,
                List.of());
    }

    /** An unnumbered full report ({@code sequence} 0). */
    public Heartbeat(long nodeId, String ip, int port, String publicUrl, String dataCenter, String rack,
                     int maxVolumeCount, long maxFileKey, List<VolumeReport> volumes, List<EcShardReport> ecShards) {
        this(nodeId, ip, port, publicUrl, dataCenter, rack, maxVolumeCount, maxFileKey, volumes, ecShards, 0, false,
                List.of());
    }

    /** A numbered beat of a server holding no erasure-coded shards. */
    public Heartbeat(long nodeId, String ip, int port, String publicUrl, String dataCenter, String rack,
                     int maxVolumeCount, long maxFileKey, List<VolumeReport> volumes, long sequence, boolean delta,
                     List<Integer> deletedVolumes) {
        this(nodeId, ip, port, publicUrl, dataCenter, rack, maxVolumeCount, maxFileKey, volumes, List.of(), sequence,
                delta, deletedVolumes);
    }

    /** Shortest wait for the masters' answers to one beat (short test pulses on a loaded machine). */
    public static final Duration MIN_ANSWER_WAIT = Duration.ofSeconds(2);

    /**
     * How long a volume server with this pulse waits for the answer to one beat: a pulse, but never
     * under {@link #MIN_ANSWER_WAIT}. A live server sends its next beat at most this plus a pulse
     * after the previous one, so a master must not call it dead sooner. Pure.
     */
    public static Duration answerWait(Duration pulse) {
        return pulse.compareTo(MIN_ANSWER_WAIT) < 0 ? MIN_ANSWER_WAIT : pulse;
    }

    /** {@code ip:port}, the server's identity in the topology. */
    public String url() {
        return ip + ":" + port;
    }
}
