package io.hayloft.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.testkit.roles.FakeMaster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ec.encode}, {@code ec.rebuild}, {@code ec.decode} and {@code ec.balance} against a fake leader: dry runs by default, the plan printed. */
class EcVerbsTest {
    private static final String ENCODE = "{\"volume\":3,\"collection\":\"pics\",\"applied\":%s,\"source\":\"a:1\","
            + "\"replicas\":[\"a:1\",\"b:1\"],\"shards\":{\"a:1\":[0,1,2,3],\"b:1\":[4,5,6,7],\"c:1\":[8,9,10],"
            + "\"d:1\":[11,12,13]},\"rackSafe\":false,\"racks\":1,\"note\":\"the cluster has 1 rack(s)\"}";
    private static final String REBUILD = "{\"applied\":%s,\"volumes\":2,\"whole\":0,\"missing\":[{\"volume\":3,"
            + "\"collection\":\"\",\"shards\":[2,9],\"targets\":{\"c:1\":[2],\"d:1\":[9]},\"done\":%s%s}],"
            + "\"unrecoverable\":[%s],\"unsafe\":[]}";

    private FakeMaster master;
    private ShellTester shell;

    @BeforeEach
    void start() throws Exception {
        master = new FakeMaster();
        shell = new ShellTester(master.address());
    }

    @AfterEach
    void stop() throws Exception {
        master.close();
    }

    @Test
    void encodeIsADryRunByDefaultAndPrintsWhereEachShardGoes() {
        master.on("POST", "/vol/ec/encode", ENCODE.formatted(false));

        String out = shell.run("ec.encode -volumeId 3 -collection pics");

        assertThat(master.calls("/vol/ec/encode")).singleElement().satisfies(c -> assertThat(c.params())
                .containsOnly(Map.entry("volume", "3"), Map.entry("collection", "pics")));
        assertThat(out).startsWith("dry run: nothing changed; add -apply to encode")
                .contains("volume 3 (collection 'pics'): encode on a:1, replicas on a:1, b:1")
                .contains("c:1").contains("shards 8, 9, 10")
                .contains("rack safety: the cluster has 1 rack(s)")
                .doesNotContain("replicas are deleted");
    }

    @Test
    void encodeWithApplyAsksTheLeaderToAct() {
        master.on("POST", "/vol/ec/encode", ENCODE.formatted(true));

        String out = shell.run("ec.encode -volumeId 3 -apply");

        assertThat(master.calls("/vol/ec/encode")).singleElement().satisfies(c -> assertThat(c.params())
                .containsOnly(Map.entry("volume", "3"), Map.entry("apply", "true")));
        assertThat(out).doesNotContain("dry run").contains("volume 3 erasure-coded; its replicas are deleted");
    }

    private final List<Duration> pauses = new CopyOnWriteArrayList<>();

    /** Runs {@code ec.encode} words with a policy that records its pauses instead of sleeping. */
    private String encodeRecordingPauses(String words) {
        EcEncodeVerb verb = new EcEncodeVerb(new ApplyRetry(pauses::add));
        verb.run(verb.parse(List.of(words.split(" "))), shell.session());
        shell.session().out().flush();
        return shell.printedSinceLast();
    }

    private static final String UNAVAILABLE = "{\"error\":\"copy of shards [4] of volume 3 from a:1 failed\"}";

    @Test
    void a503DuringEncodeApplyIsRetriedWithGrowingPausesWhileNothingTookEffect() {
        AtomicInteger calls = new AtomicInteger();
        master.on("POST", "/vol/ec/encode", c -> calls.incrementAndGet() <= 2
                ? new FakeMaster.Answer(503, UNAVAILABLE) : FakeMaster.Answer.ok(ENCODE.formatted(true)));
        master.on("GET", "/dir/lookup", "{\"volumeId\":\"3\",\"locations\":[{\"url\":\"a:1\"}]}");

        String out = encodeRecordingPauses("-volumeId 3 -apply");

        assertThat(master.calls("/vol/ec/encode")).hasSize(3);
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(out).contains("attempt 1 of 4 failed with 503").contains("attempt 2 of 4 failed with 503")
                .contains("volume 3 erasure-coded; its replicas are deleted");
    }

    @Test
    void a503AfterTheShardsWereRegisteredIsNotRetried() {
        master.on("POST", "/vol/ec/encode", 503, "{\"error\":\"deleting its replicas failed on [b:1]\"}");
        StringBuilder shards = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            shards.append(i == 0 ? "" : ",").append("{\"shard\":").append(i).append(",\"locations\":[{\"url\":\"c:1\"}]}");
        }
        master.on("GET", "/dir/lookup", "{\"volumeId\":\"3\",\"locations\":[{\"url\":\"b:1\"}],\"ecShards\":["
                + shards + "]}");

        String out = encodeRecordingPauses("-volumeId 3 -apply");

        assertThat(master.calls("/vol/ec/encode")).as("never encoded twice").hasSize(1);
        assertThat(pauses).isEmpty();
        assertThat(out).contains("all 14 shards of volume 3 registered and 1 replica(s) left")
                .contains("not tried again").contains("volume 3 erasure-coded");
    }

    @Test
    void a503ThatPersistsIsFinalAfterFourAttempts() {
        master.on("POST", "/vol/ec/encode", 503, UNAVAILABLE);
        master.on("GET", "/dir/lookup", 404, "{\"error\":\"volume 3 not found\"}");

        assertThatThrownBy(() -> encodeRecordingPauses("-volumeId 3 -apply"))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("gave up after 4 attempts");
        assertThat(master.calls("/vol/ec/encode")).hasSize(ApplyRetry.MAX_ATTEMPTS);
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void anotherErrorDuringEncodeApplyIsFinalAtOnce() {
        master.on("POST", "/vol/ec/encode", 409, "{\"error\":\"volume 3 is erasure-coded already\"}");

        assertThatThrownBy(() -> encodeRecordingPauses("-volumeId 3 -apply"))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(master.calls("/vol/ec/encode")).hasSize(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void compactIsADryRunByDefaultAndApplyReportsTheNewGeneration() {
        String answer = "{\"volume\":4,\"collection\":\"\",\"applied\":%s,\"generation\":0,\"nextGeneration\":1,"
                + "\"compactor\":\"a:1\",\"holders\":{\"a:1\":[0,1,2,3]},\"needles\":10,\"live\":4,"
                + "\"garbageRatio\":0.6,\"shardSizeBefore\":1000,\"shardSizeAfter\":%s}";
        master.on("POST", "/vol/ec/compact", answer.formatted(false, "null"));
        assertThat(shell.run("ec.compact -volumeId 4")).startsWith("dry run: nothing changed; add -apply to compact")
                .contains("generation 0 -> 1 written on a:1; 4 of 10 needles live, garbage ratio 0.600")
                .doesNotContain("compacted:");
        master.on("POST", "/vol/ec/compact", answer.formatted(true, "400"));
        assertThat(shell.run("ec.compact -volumeId 4 -apply"))
                .contains("volume 4 compacted: generation 1 served, 400 bytes per shard (was 1000)");
        assertThat(master.calls("/vol/ec/compact").getLast().params())
                .containsOnly(Map.entry("volume", "4"), Map.entry("apply", "true"));
    }

    @Test
    void encodeNeedsAVolumeIdAndCallsNothingWithoutOne() {
        assertThatThrownBy(() -> shell.run("ec.encode")).isInstanceOf(ShellUsageException.class);
        assertThatThrownBy(() -> shell.run("ec.encode -volumeId x")).isInstanceOf(ShellUsageException.class);
        assertThat(master.calls("/vol/ec/encode")).isEmpty();
    }

    @Test
    void decodeIsADryRunByDefaultAndNamesTheServerThatRebuildsIt() {
        String answer = "{\"volume\":6,\"collection\":\"\",\"applied\":%s,\"target\":\"b:1\","
                + "\"holders\":{\"a:1\":[0,1],\"b:1\":[2,3,4,5]}}";
        master.on("POST", "/vol/ec/decode", answer.formatted(false));
        assertThat(shell.run("ec.decode -volumeId 6")).startsWith("dry run: nothing changed; add -apply to decode")
                .contains("volume 6 (collection ''): rebuilt on b:1").contains("shards 2, 3, 4, 5")
                .doesNotContain("shards are dropped");
        master.on("POST", "/vol/ec/decode", answer.formatted(true));
        assertThat(shell.run("ec.decode -volumeId 6 -apply")).contains("volume 6 decoded; its shards are dropped");
        assertThat(master.calls("/vol/ec/decode").getLast().params())
                .containsOnly(Map.entry("volume", "6"), Map.entry("apply", "true"));
    }

    @Test
    void rebuildPrintsThePlanAndFailsOnUnrecoverableVolumes() {
        master.on("POST", "/vol/ec/rebuild", REBUILD.formatted(false, false, "",
                "{\"volume\":8,\"collection\":\"\",\"present\":[0,1,2]}"));

        assertThatThrownBy(() -> shell.run("ec.rebuild")).isInstanceOf(ShellFailedException.class);
        assertThat(shell.printedSinceLast()).startsWith("dry run: nothing changed; add -apply to rebuild")
                .contains("volume 3: shards 2, 9 lost; rebuild 2 on c:1, 9 on d:1")
                .contains("volume 8: only shards 0, 1, 2 left; fewer than 10, it cannot be rebuilt")
                .contains("2 erasure-coded volume(s), 0 whole");
    }

    @Test
    void rebuildWithApplyReportsDoneAndFailed() {
        master.on("POST", "/vol/ec/rebuild", REBUILD.formatted(true, true, "", ""));
        assertThat(shell.run("ec.rebuild -apply")).contains("rebuild 2 on c:1, 9 on d:1: done");
        assertThat(master.calls("/vol/ec/rebuild").getLast().params()).containsOnly(Map.entry("apply", "true"));

        master.on("POST", "/vol/ec/rebuild", REBUILD.formatted(true, false, ",\"error\":\"d:1 unreachable\"", ""));
        assertThatThrownBy(() -> shell.run("ec.rebuild -apply")).isInstanceOf(ShellFailedException.class);
        assertThat(shell.printedSinceLast()).contains(": FAILED d:1 unreachable");
    }

    @Test
    void balanceIsADryRunByDefaultAndFailsWhenAMoveFailed() {
        String answer = "{\"applied\":%s,\"volumes\":2,\"moves\":[{\"volume\":3,\"collection\":\"\","
                + "\"shards\":[1,2],\"from\":\"a:1\",\"to\":\"e:1\",\"done\":%s%s}]}";
        master.on("POST", "/vol/ec/balance", answer.formatted(false, false, ""));
        assertThat(shell.run("ec.balance -collection pics")).startsWith("dry run: nothing changed; add -apply to move")
                .contains("volume 3: shards 1, 2 from a:1 to e:1").contains("2 erasure-coded volume(s), 2 shard(s) to move")
                .doesNotContain("done");
        assertThat(master.calls("/vol/ec/balance").getLast().params())
                .containsOnly(Map.entry("collection", "pics"));

        master.on("POST", "/vol/ec/balance", answer.formatted(true, true, ""));
        assertThat(shell.run("ec.balance -apply")).doesNotContain("dry run").contains("from a:1 to e:1: done");
        assertThat(master.calls("/vol/ec/balance").getLast().params()).containsOnly(Map.entry("apply", "true"));

        master.on("POST", "/vol/ec/balance", answer.formatted(true, false, ",\"error\":\"e:1 is down\""));
        assertThatThrownBy(() -> shell.run("ec.balance -apply")).isInstanceOf(ShellFailedException.class)
                .hasMessageContaining("1 move(s) failed");
        assertThat(shell.printedSinceLast()).contains(": FAILED e:1 is down");

        master.on("POST", "/vol/ec/balance", "{\"applied\":false,\"volumes\":1,\"moves\":[]}");
        assertThat(shell.run("ec.balance")).contains("1 erasure-coded volume(s), 0 shard(s) to move: balanced");
    }
}
