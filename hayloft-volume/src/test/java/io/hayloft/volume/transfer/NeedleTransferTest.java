package io.hayloft.volume.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import org.junit.jupiter.api.Test;

class NeedleTransferTest {
    @Test
    void aRecordGoesToTheInternalRouteNamingItsFid() {
        assertThat(NeedleTransfer.recordUrl("127.0.0.1:8081", FileId.of(3, 0x01, 0x637037d6)))
                .isEqualTo("http://127.0.0.1:8081/internal/needle/replicate?fid=3%2C01637037d6");
    }
}
