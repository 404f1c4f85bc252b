package io.hayloft.volume.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.Ttl;
import io.hayloft.storage.Needle;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NeedleTransferTest {
    @Test
    void replicaCopyCarriesTimestampTtlNameMimeAndPairs() {
        Needle n = Needle.of(1, 2, new byte[]{1}).withName("a.txt").withMime("text/plain")
                .withLastModified(1700000000L).withTtl(Ttl.parse("3d")).withPairs(Map.of("Owner", "bob"));
        assertThat(NeedleTransfer.replicaQuery(n)).isEqualTo("?type=replicate&ts=1700000000&ttl=3d");
        assertThat(NeedleTransfer.replicaHeaders(n)).containsEntry("Content-Type", "text/plain")
                .containsEntry("Content-Disposition", "inline; filename=\"a.txt\"")
                .containsEntry("Seaweed-Owner", "bob");
    }

    @Test
    void bareNeedleIsSentAsOctetStreamWithoutName() {
        Needle n = Needle.of(1, 2, new byte[]{1});
        assertThat(NeedleTransfer.replicaQuery(n)).isEqualTo("?type=replicate");
        assertThat(NeedleTransfer.replicaHeaders(n)).containsOnlyKeys("Content-Type")
                .containsEntry("Content-Type", NeedleTransfer.OCTET_STREAM);
    }
}
