package io.hayloft.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.testkit.roles.FakeMaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A volume server on loopback under a fake master, with one volume allocated: the fixture of the tests
 * that talk to one server's routes. Close it after each test.
 */
final class OneVolumeServer implements AutoCloseable {
    final FakeMaster master;
    final VolumeServer server;

    private OneVolumeServer(FakeMaster master, VolumeServer server) {
        this.master = master;
        this.server = server;
    }

    /**
     * Starts a server on {@code dir/v} ({@link VolumeServerConfig#forTest} changed by {@code config}) and
     * allocates volume {@code volume} (replication 000) on it.
     */
    static OneVolumeServer start(Path dir, UnaryOperator<VolumeServerConfig> config, int volume) throws IOException {
        FakeMaster master = new FakeMaster();
        VolumeServer server = VolumeServer.start(config.apply(VolumeServerConfig.forTest(
                List.of(Files.createDirectories(dir.resolve("v"))), master.address())));
        OneVolumeServer one = new OneVolumeServer(master, server);
        assertThat(TestHttp.post(one.url("/admin/volume/allocate?volume=" + volume + "&replication=000")).statusCode())
                .isEqualTo(200);
        return one;
    }

    /** {@code http://host:port} of the server followed by {@code pathAndQuery}. */
    String url(String pathAndQuery) {
        return "http://" + server.url() + pathAndQuery;
    }

    @Override
    public void close() {
        server.close();
        master.close();
    }
}
