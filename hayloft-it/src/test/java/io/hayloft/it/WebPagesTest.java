package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.master.MasterServer;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.scrub.ScrubConfig;
import io.hayloft.volume.sync.SyncConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * screenshot of each, with its console lines, lands in {@code target/ui-screenshots/}. Also checks
 * that clients that do not ask for HTML get the answers they got before.
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
                // a new leader waits the dead-node timeout before it repairs: the page follows it there
                tab.await("the repair loop shows as active", "document.querySelector('#repair-state').textContent === 'active'");
                assertThat(tab.text("#ec")).contains("none");
                tab.screenshot(SCREENSHOTS.resolve("master.png"));
                saveConsole(tab, "master");

                VolumeServer c = cluster.addVolumeServer(3, "dc2", "rack9");
                tab.await("the page shows the new server without a reload",
                        "document.querySelector('#tree').textContent.includes(" + Browser.Tab.quote(c.url()) + ")");
                assertThat(tab.text("#tree")).contains("data center dc2", "rack rack9");
                assertThat(tab.eval("window.sameDocument").asString()).isEqualTo("yes");
                assertThat(tab.problems()).as("JavaScript errors, console errors, CSP refusals").isEmpty();
            }
            // the plain way too: chromium --dump-dom after the page's scripts ran
            String dumped = Browser.dumpDom(browserDir, "http://" + cluster.masterUrl() + "/ui", Duration.ofSeconds(5));
            assertThat(dumped).contains("data-loaded=\"true\"", a.url(), b.url(), "data center dc2",
                    "id=\"hl-updated\" class=\"ok\"");
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

    @Test
    void aMasterPageOfManyServersListsTheFirstThousandAndCountsTheRest() throws Exception {
        int servers = io.hayloft.master.ui.MasterOverview.MAX_SERVERS_LISTED + 50;
        try (LocalCluster cluster = LocalCluster.start(root, c -> c.withFullReportsPerSecond(1_000_000)
                .withPulse(Duration.ofMinutes(1)))) {
            for (int i = 0; i < servers; i++) {
                io.hayloft.api.wire.Heartbeat beat = new io.hayloft.api.wire.Heartbeat(i + 1, "127.0.0.1", 30_000 + i,
                        "127.0.0.1:" + (30_000 + i), "dc1", String.format("rack%02d", i / 100), 4, 0, List.of());
                HttpResponse<byte[]> r = TestHttp.postRaw(cluster.masterUrl(),
                        io.hayloft.api.wire.MasterApi.heartbeat(beat).pathAndQuery(), "application/json",
                        TestHttp.JSON.writeValueAsBytes(beat));
                assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(200);
                assertThat(TestHttp.json(r).path("fullReportRetryAfterMs").asLong(0)).as("deferred").isZero();
            }
            try (Browser.Tab tab = browser.open("http://" + cluster.masterUrl() + "/")) {
                tab.await("the master page loaded its status", "document.body.dataset.loaded === 'true'");
                assertThat(tab.text("#slots")).contains(servers + " servers, the first "
                        + io.hayloft.master.ui.MasterOverview.MAX_SERVERS_LISTED + " listed");
                assertThat(tab.eval("document.querySelectorAll('#tree table.servers tr td:first-child a').length")
                        .asInt()).isEqualTo(io.hayloft.master.ui.MasterOverview.MAX_SERVERS_LISTED);
                assertThat(tab.text("li.rack[data-rack='rack10'] .more-servers")).isEqualTo("50 more servers not listed");
                assertThat(tab.text("#tree")).contains("rack rack10");
                tab.screenshot(SCREENSHOTS.resolve("master-many-servers.png"));
                assertThat(tab.problems()).as("JavaScript errors, console errors, CSP refusals").isEmpty();
            }
        }
    }

    @Test
    void aFollowersMasterPageShowsTheLeaderAndEveryPeer() throws Exception {
        try (RaftCluster cluster = RaftCluster.start(root, 3, Duration.ofMillis(500))) {
            MasterServer leader = cluster.awaitLeader(Duration.ofSeconds(30));
            MasterServer follower = cluster.follower();
            try (Browser.Tab tab = browser.open("http://" + follower.url() + "/")) {
                tab.await("the follower's page loaded", "document.body.dataset.loaded === 'true'");
                assertThat(tab.text("#role")).isEqualTo("follower");
                assertThat(tab.text("#leader")).isEqualTo(leader.url());
                assertThat(Long.parseLong(tab.text("#term"))).isPositive();
                tab.await("the follower applied the leader's first entries",
                        "Number(document.querySelector('#applied').textContent) >= 0");
                String members = tab.text("#raft table.members");
                for (String url : cluster.masterUrls()) {
                    assertThat(members).contains(url);
                }
                assertThat(tab.eval("[...document.querySelectorAll('#raft table.members tr')]"
                        + ".filter(tr => tr.textContent.includes('leader')).length").asInt()).isEqualTo(1);
                assertThat(tab.text("#repair-state")).startsWith("follower");
                tab.screenshot(SCREENSHOTS.resolve("master-follower.png"));
                saveConsole(tab, "master-follower");
                assertThat(tab.problems()).as("JavaScript errors, console errors, CSP refusals").isEmpty();
            }
        }
    }

    @Test
    void volumeServerPageShowsDisksVolumesScrubAndSyncProgress() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            for (int i = 0; i < 2; i++) {
                cluster.addVolumeServer(c -> c.withMaxVolumes(List.of(3)).withLocation("dc1", "rack1")
                        .withScrub(new ScrubConfig(ScrubConfig.DEFAULT_BYTES_PER_SECOND, Duration.ofMillis(500)))
                        .withSync(SyncConfig.ofIntervalSeconds(1).withSettle(Duration.ofMillis(100))));
            }
            // the replica whose url sorts first coordinates the sync of a volume: show that one's page
            List<VolumeServer> servers = cluster.volumeServers().stream()
                    .sorted(java.util.Comparator.comparing(VolumeServer::url)).toList();
            VolumeServer a = servers.get(0);
            VolumeServer b = servers.get(1);
            Map<FileId, byte[]> blobs = Blobs.upload(cluster, 5, new Random(7));
            try (Browser.Tab tab = browser.open("http://" + a.url() + "/ui")) {
                tab.await("the volume server page loaded its status", "document.body.dataset.loaded === 'true'");
                tab.eval("window.sameDocument = 'yes'");
                assertThat(tab.text("#self")).contains(a.url());
                assertThat(tab.text("#masters")).contains(cluster.masterUrl());
                assertThat(tab.text("#disks table.disks")).contains(a.store().locations().getFirst().dir().toString())
                        .contains("free of 3");
                String volumes = tab.text("#volumes table.volumes");
                for (FileId fid : blobs.keySet()) {
                    assertThat(volumes).contains(String.valueOf(fid.volumeId().value()));
                }
                assertThat(volumes).contains("001", "writable");
                tab.await("a finished scrub pass shows what it verified",
                        "document.querySelector('#scrub-last').textContent.includes('needles')");
                assertThat(tab.text("#scrub-last")).contains("corrupt").contains("none");
                assertThat(tab.text("#scrub-state")).isIn("idle", "scrubbing");
                tab.await("a finished sync round shows the volumes it compared",
                        "document.querySelector('#sync-last').textContent.includes('volumes compared')");
                tab.await("the latest volume syncs are listed",
                        "document.querySelector('table.sync-recent') !== null");
                assertThat(tab.text("table.sync-recent")).contains("in sync").contains(b.url());
                assertThat(tab.text("#reconciliation")).isNotEmpty();
                tab.screenshot(SCREENSHOTS.resolve("volume.png"));
                saveConsole(tab, "volume");
                assertThat(tab.eval("window.sameDocument").asString()).isEqualTo("yes");
                assertThat(tab.problems()).as("JavaScript errors, console errors, CSP refusals").isEmpty();
            }
            // the fid routes are untouched: a blob still reads, on the fast path and through the router
            FileId some = blobs.keySet().iterator().next();
            assertThat(TestHttp.get(a.url(), "/" + some).body()).isEqualTo(blobs.get(some));
            assertThat(TestHttp.get(a.url(), "/" + some + "?dl=true").body()).isEqualTo(blobs.get(some));
            assertThat(TestHttp.get(a.url(), "/status").statusCode()).isEqualTo(200);
            // a browser at / gets the page too; other clients of / what they got before
            HttpResponse<byte[]> asBrowser = TestHttp.send(HttpRequest.newBuilder(URI.create("http://" + a.url() + "/"))
                    .header("Accept", BROWSER_ACCEPT).build());
            assertThat(TestHttp.text(asBrowser)).contains("<title>Hayloft volume server</title>");
            HttpResponse<byte[]> plain = TestHttp.get(a.url(), "/");
            assertThat(plain.statusCode()).isEqualTo(404);
            assertThat(TestHttp.text(plain)).contains("\"error\"");
        }
    }

    @Test
    void filerPageBrowsesUploadsRenamesDeletesAndEscapesHostileNames() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            cluster.addVolumeServer(4, "dc1", "rack1");
            try (FilerServer filer = FilerServer.start(FilerConfig.forTest(root.resolve("filer"), cluster.masterUrl()))) {
                String f = filer.url();
                put(f, "/docs/readme.txt", "hello, browser".getBytes(StandardCharsets.UTF_8));
                put(f, "/docs/" + enc(IMG_NAME), "img".getBytes(StandardCharsets.UTF_8));
                assertThat(TestHttp.postRaw(f, "/docs/" + enc(SCRIPT_NAME) + "/", "text/plain", new byte[0])
                        .statusCode()).isEqualTo(201);

                try (Browser.Tab tab = browser.open("http://" + f + "/docs/")) {
                    tab.await("the file browser listed /docs/", "document.body.dataset.loaded === 'true'");
                    tab.eval("window.sameDocument = 'yes'");
                    assertThat(tab.text("#crumbs")).isEqualTo("/docs/");
                    assertThat(names(tab)).contains("readme.txt", IMG_NAME, SCRIPT_NAME + "/");
                    assertNothingInjected(tab);
                    assertThat(tab.dom()).contains("&lt;img src=x onerror=window.pwned=1&gt;.txt");
                    saveDom(tab, "filer-docs");

                    // into the hostile folder and back, without a reload
                    tab.eval(row(SCRIPT_NAME + "/") + ".querySelector('a').click()");
                    tab.await("the hostile folder opened", "document.querySelector('#listing').textContent"
                            + ".includes('this folder is empty')");
                    assertThat(tab.eval("location.pathname").asString()).isEqualTo("/docs/" + enc(SCRIPT_NAME) + "/");
                    assertThat(tab.text("#crumbs")).isEqualTo("/docs/" + SCRIPT_NAME + "/");
                    tab.eval("history.back()");
                    tab.await("back in /docs/", "document.querySelector('#crumbs').textContent === '/docs/'");
                    tab.await("/docs/ listed again", row("readme.txt") + " !== undefined");

                    // upload with progress
                    byte[] big = new byte[3 * 1024 * 1024 + 17];
                    new Random(3).nextBytes(big);
                    Path local = Files.write(root.resolve("upload me.bin"), big);
                    tab.setFiles("#upload-input", List.of(local));
                    tab.await("the upload finished", "document.querySelector('.upload[data-state]') !== null");
                    assertThat(tab.eval("document.querySelector('.upload').dataset.state").asString()).isEqualTo("done");
                    assertThat(tab.eval("document.querySelector('.upload').dataset.progress").asString()).isEqualTo("100");
                    tab.await("the upload is listed", row("upload me.bin") + " !== undefined");
                    assertThat(TestHttp.get(f, "/docs/upload%20me.bin").body()).isEqualTo(big);

                    // create a folder
                    tab.eval("document.querySelector('#mkdir-name').value = 'new folder'");
                    tab.click("#mkdir-button");
                    tab.await("the new folder is listed", row("new folder/") + " !== undefined");
                    assertThat(TestHttp.get(f, "/docs/new%20folder/?metadata=true").statusCode()).isEqualTo(200);

                    // rename
                    tab.eval(row("readme.txt") + ".querySelector('button.rename').click()");
                    tab.eval("document.querySelector('input.rename-input').value = 'renamed <b>.txt'");
                    tab.click("button.rename-ok");
                    tab.await("the renamed file is listed", row("renamed <b>.txt") + " !== undefined");
                    assertThat(TestHttp.get(f, "/docs/readme.txt").statusCode()).isEqualTo(404);
                    assertThat(TestHttp.text(TestHttp.get(f, "/docs/" + enc("renamed <b>.txt")))).isEqualTo("hello, browser");

                    // metadata, and the download link
                    tab.eval(row("renamed <b>.txt") + ".querySelector('button.details').click()");
                    tab.await("the details are shown", "document.querySelector('#details-kv') !== null");
                    assertThat(tab.text("#details-kv")).contains("/docs/renamed <b>.txt", "14 bytes", "file");
                    assertThat(tab.eval("fetch(" + row("renamed <b>.txt") + ".querySelector('a').href)"
                            + ".then(r => r.text())").asString()).isEqualTo("hello, browser");

                    // delete, armed by a first click
                    tab.eval(row("new folder/") + ".querySelector('button.delete').click()");
                    assertThat(tab.eval(row("new folder/") + " !== undefined").asBoolean()).isTrue();
                    tab.eval(row("new folder/") + ".querySelector('button.delete').click()");
                    tab.await("the folder is gone", row("new folder/") + " === undefined");
                    assertThat(TestHttp.get(f, "/docs/new%20folder/?metadata=true").statusCode()).isEqualTo(404);

                    assertNothingInjected(tab);
                    tab.screenshot(SCREENSHOTS.resolve("filer.png"));
                    saveConsole(tab, "filer");
                    assertThat(tab.eval("window.sameDocument").asString()).isEqualTo("yes");
                    assertThat(tab.problems()).as("JavaScript errors, console errors, CSP refusals").isEmpty();
                }

                // clients that do not ask for HTML get what they got before
                HttpResponse<byte[]> json = TestHttp.send(HttpRequest.newBuilder(URI.create("http://" + f + "/docs/"))
                        .header("Accept", "application/json").build());
                assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(TestHttp.json(json).get("Path").asString()).isEqualTo("/docs");
                HttpResponse<byte[]> curl = TestHttp.send(HttpRequest.newBuilder(URI.create("http://" + f + "/docs/"))
                        .header("Accept", "*/*").build());
                assertThat(TestHttp.text(curl)).contains("<h1>/docs</h1>", "&lt;img src=x onerror=window.pwned=1&gt;.txt")
                        .doesNotContain("<script>");
                HttpResponse<byte[]> page = TestHttp.send(HttpRequest.newBuilder(URI.create("http://" + f + "/docs/"))
                        .header("Accept", BROWSER_ACCEPT).build());
                assertThat(TestHttp.text(page)).contains("<title>Hayloft filer</title>");
                assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
                HttpResponse<byte[]> file = TestHttp.send(HttpRequest.newBuilder(URI.create("http://" + f
                        + "/docs/upload%20me.bin")).header("Accept", BROWSER_ACCEPT).build());
                assertThat(file.body()).hasSize(3 * 1024 * 1024 + 17);
            }
        }
    }

    private static final String IMG_NAME = "<img src=x onerror=window.pwned=1>.txt";
    private static final String SCRIPT_NAME = "\"><script>window.pwned=2<\\script>";

    /** The listing's row whose name cell reads {@code name}, as a script expression (undefined when none). */
    private static String row(String name) {
        return "[...document.querySelectorAll('#listing tr')].find(tr => tr.querySelector('.name')"
                + " && tr.querySelector('.name').textContent === " + Browser.Tab.quote(name) + ")";
    }

    private static List<String> names(Browser.Tab tab) {
        List<String> out = new java.util.ArrayList<>();
        tab.eval("[...document.querySelectorAll('#listing .name')].map(n => n.textContent)").forEach(n -> out.add(n.asString()));
        return out;
    }

    private static void assertNothingInjected(Browser.Tab tab) {
        assertThat(tab.eval("typeof window.pwned").asString()).isEqualTo("undefined");
        assertThat(tab.eval("document.querySelectorAll('#listing img, #listing script, [onerror]').length").asInt()).isZero();
    }

    private static String enc(String name) {
        return java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void put(String filer, String path, byte[] body) {
        HttpResponse<byte[]> r = TestHttp.send(HttpRequest.newBuilder(URI.create("http://" + filer + path))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(201);
    }

    /** Keeps the page's console and log lines beside its screenshot. */
    static void saveConsole(Browser.Tab tab, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".console.log"), tab.console());
    }

    static void saveDom(Browser.Tab tab, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.writeString(SCREENSHOTS.resolve(name + ".html"), tab.dom());
    }
}
