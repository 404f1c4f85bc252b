package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * What a volume server tells the master every pulse ({@code POST /internal/heartbeat}).
 *
 * @param nodeId         the id the master gave this server (kept in its meta file)
 * @param ip             address other servers reach it at
 * @param port           its HTTP port
 * @param publicUrl      {@code host:port} clients should use
 * @param dataCenter     data center name ("DefaultDataCenter" when not set)
 * @param rack           rack name ("DefaultRack" when not set)
 * @param maxVolumeCount volume slots across all its dirs
 * @param maxFileKey     largest needle key it holds (the master's sequencer never goes below it)
 * @param volumes        every volume it holds
 * @param ecShards       every erasure-coded volume it holds shards of (empty, never null, when none)
 */
public record Heartbeat(@JsonProperty("nodeId") long nodeId, @JsonProperty("ip") String ip,
                        @JsonProperty("port") int port, @JsonProperty("publicUrl") String publicUrl,
                        @JsonProperty("dataCenter") String dataCenter, @JsonProperty("rack") String rack,
                        @JsonProperty("maxVolumeCount") int maxVolumeCount,
                        @JsonProperty("maxFileKey") long maxFileKey,
                        @JsonProperty("volumes") List<VolumeReport> volumes,
                        @JsonProperty("ecShards") List<EcShardReport> ecShards) {
    public Heartbeat {
        ecShards = ecShards == null ? List.of() : List.copyOf(ecShards);
    }

    /** A heartbeat of a server holding no erasure-coded shards. */
    public Heartbeat(long nodeId, String ip, int port, String publicUrl, String dataCenter, String rack,
                     int maxVolumeCount, long maxFileKey, List<VolumeReport> volumes) {
        this(nodeId, ip, port, publicUrl, dataCenter, rack, maxVolumeCount, maxFileKey, volumes, List.of());
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
