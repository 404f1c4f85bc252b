package io.hayloft.volume;

import io.hayloft.testkit.roles.FakeMaster;
import io.hayloft.testkit.RouteConformance;
import io.hayloft.api.wire.VolumeApi;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeRoutesMatchApiTest {
    @TempDir
    Path dir;

    @Test
    void everyDefinedEndpointIsRoutedAndNoOtherMethodIs() throws Exception {
        try (FakeMaster master = new FakeMaster();
             VolumeServer server = VolumeServer.start(VolumeServerConfig.forTest(List.of(dir), master.address()))) {
            RouteConformance.check(server.url(), VolumeApi.ALL, "7,01637037d6");
        }
    }
}
