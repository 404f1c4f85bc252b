package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.volume.VolumeServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Each role's web page in a real browser (headless Chromium, {@link Browser}) against an in-process
 * cluster: the rendered DOM holds the cluster's state, the page follows changes without a reload, it
 * raises no JavaScript error (nor a console error, nor a Content-Security-Policy refusal), and a
 * screenshot of each lands in {@code target/ui-screenshots/}. Also checks that clients that do not ask
 * for HTML get the answers they got before.
 */
class WebPagesTest {
    private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
    private static final String BROWSER_ACCEPT =
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    @TempDir
    static Path browserDir;
    @TempDir
    Path root;

    private static Browser browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Browser.launch(browserDir);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void masterPageShowsRaftTopologyVolumesAndRepairAndFollowsNewServers() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            VolumeServer a = cluster.addVolumeServer(4, "dc1", "rack1");
            VolumeServer b = cluster.addVolumeServer(4, "dc1", "rack1");
            Blobs.upload(cluster, 6, new Random(5));
            try (Browser.Tab tab = browser.open("http://" + cluster.masterUrl() + "/")) {
                tab.await("the master page loaded its status", "document.body.dataset.loaded === 'true'");
                tab.eval("window.sameDocument = 'yes'");
                assertThat(tab.text("#role")).isEqualTo("leader");
                assertThat(tab.text("#leader")).isEqualTo(cluster.masterUrl());
                assertThat(Long.parseLong(tab.text("#term"))).isPositive();
                assertThat(tab.text("#raft table.members")).contains(cluster.masterUrl()).contains("leader");
                String tree = tab.text("#tree");
                assertThat(tree).contains("data center dc1", "rack rack1", a.url(), b.url());
                String volumes = tab.text("#layouts");
                assertThat(volumes).contains("replication 001", "writable", "ok 2/2");
                JsonNode status = TestHttp.json(TestHttp.get(cluster.masterUrl(), "/ui/status"));
                for (JsonNode layout : status.get("layouts")) {
                    for (JsonNode v : layout.get("volumes")) {
                        assertThat(tab.eval("[...document.querySelectorAll('#layouts table.volumes tr td:first-child')]"
                                + ".some(td => td.textContent === '" + v.get("id").asInt() + "')").asBoolean())
                                .as("volume %s listed", v.get("id")).isTrue();
                    }
                }
                assertThat(tab.text("#collections")).contains("(default)");
                assertThat(tab.text("#repair-state")).isEqualTo("active");
                assertThat(tab.text("#ec")).contains("none");
                tab.screenshot(SCREENSHOTS.resolve("master.png"));

                VolumeServer c = cluster.addVolumeServer(3, "dc2", "rack9");
                tab.await("the page shows the new server without a reload",
                        "document.querySelector('#tree').textContent.includes(" + Browser.Tab.quote(c.url()) + ")");
                assertThat(tab.text("#tree")).contains("data center dc2", "rack rack9");
                assertThat(tab.eval("window.sameDocument").asString()).isEqualTo("yes");
                assertThat(tab.problems()).as("JavaScript errors, console errors, CSP refusals").isEmpty();
            }
            // the same page at /ui, and the JSON clients of / unchanged
            HttpResponse<byte[]> ui = TestHttp.get(cluster.masterUrl(), "/ui");
            assertThat(ui.statusCode()).isEqualTo(200);
            assertThat(ui.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(ui.headers().firstValue("Content-Security-Policy")).get().asString().contains("script-src 'sha256-");
            HttpResponse<byte[]> plain = TestHttp.get(cluster.masterUrl(), "/");
            assertThat(plain.headers().firstValue("Content-Type").orElse("")).doesNotContain("text/html");
            HttpResponse<byte[]> asBrowser = TestHttp.send(HttpRequest.newBuilder(
                    URI.create("http://" + cluster.masterUrl() + "/")).header("Accept", BROWSER_ACCEPT).build());
            assertThat(asBrowser.statusCode()).isEqualTo(200);
            assertThat(TestHttp.text(asBrowser)).contains("<title>Hayloft master</title>");
        }
    }

    static void saveDom(Browser.Tab tab, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.writeString(SCREENSHOTS.resolve(name + ".html"), tab.dom());
    }
}
