package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
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
 */
public record Heartbeat(@JsonProperty("nodeId") long nodeId, @JsonProperty("ip") String ip,
                        @JsonProperty("port") int port, @JsonProperty("publicUrl") String publicUrl,
                        @JsonProperty("dataCenter") String dataCenter, @JsonProperty("rack") String rack,
                        @JsonProperty("maxVolumeCount") int maxVolumeCount,
                        @JsonProperty("maxFileKey") long maxFileKey,
                        @JsonProperty("volumes") List<VolumeReport> volumes) {
    /** {@code ip:port}, the server's identity in the topology. */
    public String url() {
        return ip + ":" + port;
    }
}
