package io.hayloft.master.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void acceptsHostNamesAndIpLiterals() {
        for (String ok : List.of("localhost:9333", "127.0.0.1:1", "master-1.example.com:65535", "[::1]:9333",
                "m1:19333", "10.0.0.7:8080")) {
            assertThat(HostPort.parse(ok, "address").toString()).isEqualTo(ok);
        }
    }

    @Test
    void refusesPathsEscapesBadLabelsAndBadPorts() {
        for (String bad : List.of("../..:1", "a/b:9333", "%2e%2e:1", "host name:1", "-x:9333", "x-:9333",
                "a..b:9333", ".a:9333", "::1:9333", "[::1:9333", "[zz]:9333", "999.1.1.1:9333", "1.2.3:9333",
                "h:0", "h:65536", "h:+80", "h:99999999999", "h:", ":80", "h", "a".repeat(64) + ":80",
                "garbage")) {
            assertThatThrownBy(() -> HostPort.parse(bad, "address")).as(bad)
                    .isInstanceOf(HayloftException.class).hasMessageContaining("address");
        }
    }
}
