package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.volume.VolumeServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code docs/grafana-dashboard.json} queries only series that a running master, volume server and filer export. */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("..", "docs", "grafana-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("hayloft_[a-z_]+");

    @TempDir
    Path root;

    @Test
    void everyQueriedSeriesIsExported() throws Exception {
        JsonNode dashboard = TestHttp.JSON.readTree(Files.readString(DASHBOARD));
        Set<String> queried = new TreeSet<>();
        int panels = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.get("type").asString().equals("row")) {
                continue;
            }
            panels++;
            assertThat(panel.get("targets")).as("panel %s", panel.get("title")).isNotEmpty();
            for (JsonNode t : panel.get("targets")) {
                Matcher m = METRIC.matcher(t.get("expr").asString());
                while (m.find()) {
                    queried.add(m.group());
                }
            }
        }
        assertThat(panels).isGreaterThan(20);

        Set<String> exported = new TreeSet<>();
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            VolumeServer a = cluster.addVolumeServer(3, "dc1", "rack1");
            cluster.addVolumeServer(3, "dc1", "rack1");
            Blobs.upload(cluster, 2, new Random(1)); // the request timers appear with the first request
            try (FilerServer filer = FilerServer.start(FilerConfig.forTest(root.resolve("filer"), cluster.masterUrl()))) {
                TestHttp.postRaw(filer.url(), "/a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8));
                for (String server : new String[] {cluster.masterUrl(), a.url(), filer.url()}) {
                    for (String line : TestHttp.text(TestHttp.get(server, "/metrics")).split("\n")) {
                        if (!line.startsWith("#") && !line.isBlank()) {
                            exported.add(line.split("[{ ]", 2)[0]);
                        }
                    }
                }
            }
        }
        assertThat(exported).as("what the servers export").containsAll(queried);
    }
}
