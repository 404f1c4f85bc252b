package io.hayloft.master.http;

import io.hayloft.testkit.RouteConformance;
import io.hayloft.api.wire.MasterApi;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterRoutesMatchApiTest {
    @TempDir
    Path dir;

    @Test
    void everyDefinedEndpointIsRoutedAndNoOtherMethodIs() throws Exception {
        try (MasterServer m = MasterServer.start(MasterConfig.forTest(dir))) {
            RouteConformance.check(m.url(), MasterApi.ALL, "7,01637037d6");
        }
    }
}
