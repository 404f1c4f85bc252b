package io.hayloft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PeerAddressTest {
    @Test
    void parsesHostNamesAndAddressesWithAPortInRange() {
        assertThat(PeerAddress.parse("127.0.0.1:8080", "source")).isEqualTo(new PeerAddress("127.0.0.1", 8080));
        assertThat(PeerAddress.parse("vol-1.dc1.example:1", "source").port()).isEqualTo(1);
        assertThat(PeerAddress.parse("hayloft_volume_1:65535", "source").host()).isEqualTo("hayloft_volume_1");
        assertThat(PeerAddress.parse("[::1]:8080", "source").host()).isEqualTo("[::1]");
        assertThat(PeerAddress.parse("fd00::1:8080", "source").host()).isEqualTo("fd00::1");
    }

    @Test
    void refusesWhatCannotBeAPeerWithA400NamingTheValue() {
        for (String bad : new String[] {"127.0.0.1:99999", "127.0.0.1:0", "127.0.0.1:-1", "127.0.0.1", ":80",
                "../..:1", "%2e%2e:1", "a b:80", "host:8x", "[::1:80", "[zz::1]:80", "x:080000", "", "a..b:80", "999.1.1.1:80", "1.2.3:80", "-x:80", "a.:80"}) {
            assertThatThrownBy(() -> PeerAddress.parse(bad, "parameter 'source'"))
                    .as(bad)
                    .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                    .hasMessageContaining("parameter 'source'");
        }
        assertThatThrownBy(() -> PeerAddress.parse(null, "source")).isInstanceOf(HayloftException.class);
    }
}
