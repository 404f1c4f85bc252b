package io.hayloft.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhiteListTest {
    @Test
    void emptyListTrustsEveryone() {
        WhiteList open = WhiteList.parse(List.of("", " "));
        assertThat(open.isOpen()).isTrue();
        assertThat(open.allows("203.0.113.9")).isTrue();
    }

    @Test
    void ipv4AddressesAndCidrBlocksMatchOnlyTheirAddresses() {
        WhiteList w = WhiteList.parse(List.of("127.0.0.1", "10.1.0.0/16", "192.168.7.128/25"));
        assertThat(w.allows("127.0.0.1")).isTrue();
        assertThat(w.allows("127.0.0.2")).isFalse();
        assertThat(w.allows("10.1.255.3")).isTrue();
        assertThat(w.allows("10.2.0.1")).isFalse();
        assertThat(w.allows("192.168.7.200")).isTrue();
        assertThat(w.allows("192.168.7.127")).isFalse();
        assertThat(w.allows("::ffff:10.1.2.3")).as("IPv4-mapped IPv6 counts as IPv4").isTrue();
    }

    @Test
    void ipv6AddressesAndBlocksMatch() {
        WhiteList w = WhiteList.parse(List.of("::1", "fd00:ab::/32"));
        assertThat(w.allows("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(w.allows("fd00:ab:1::7")).isTrue();
        assertThat(w.allows("fd00:ac::7")).isFalse();
        assertThat(w.allows("127.0.0.1")).isFalse();
    }

    @Test
    void zeroPrefixTrustsTheWholeFamily() {
        WhiteList w = WhiteList.parse(List.of("0.0.0.0/0"));
        assertThat(w.allows("8.8.8.8")).isTrue();
        assertThat(w.allows("::2")).isFalse();
    }

    @Test
    void notAnAddressIsRefused() {
        assertThat(WhiteList.parse(List.of("127.0.0.1")).allows("not-an-ip")).isFalse();
        assertThat(WhiteList.parse(List.of("127.0.0.1")).allows(null)).isFalse();
    }

    @Test
    void rejectsBadEntriesAtStartup() {
        for (String bad : List.of("localhost", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "300.1.1.1",
                "10.0.0.0/8/8", "1.2.3")) {
            assertThatThrownBy(() -> WhiteList.parse(List.of(bad))).as(bad)
                    .isInstanceOf(HayloftException.class).hasMessageContaining("-whiteList entry '" + bad + "'");
        }
    }
}
