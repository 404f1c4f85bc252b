package io.hayloft.filer.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.filer.chunk.StoragePolicy;
import io.hayloft.filer.entry.FullPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathRulesTest {
    private static final String RULES = """
            {"rules": [
              {"prefix": "/", "ttl": "7d"},
              {"prefix": "/pictures/", "collection": "pictures"},
              {"prefix": "/pictures/raw", "replication": "001", "maxMB": 4},
              {"prefix": "/backup", "replication": "010", "ttl": "30d"}
            ]}""";

    private static PathRules rules() {
        return PathRules.parse(RULES.getBytes(StandardCharsets.UTF_8));
    }

    private static PathRule match(String path) {
        return rules().match(FullPath.parse(path));
    }

    @Test
    void longestCoveringPrefixWins() {
        assertThat(match("/pictures/raw/a.nef").prefix()).isEqualTo(FullPath.parse("/pictures/raw"));
        assertThat(match("/pictures/cat.jpg").prefix()).isEqualTo(FullPath.parse("/pictures"));
        assertThat(match("/backup/2024/db.tar").prefix()).isEqualTo(FullPath.parse("/backup"));
        assertThat(match("/elsewhere/x").prefix()).isEqualTo(FullPath.root());
    }

    @Test
    void prefixesMatchWholeNamesOnly() {
        assertThat(match("/picturesque/a.jpg").prefix()).isEqualTo(FullPath.root());
        assertThat(match("/backups/a").prefix()).isEqualTo(FullPath.root());
    }

    @Test
    void unsetSettingsFallThroughToTheFilerDefaultsNotToShorterPrefixes() {
        StoragePolicy defaults = new StoragePolicy("dflt", ReplicaPlacement.parse("000"), Ttl.NONE);
        PathRule raw = match("/pictures/raw/a.nef");
        StoragePolicy p = raw.applyTo(defaults);
        assertThat(p.collection()).isEqualTo("dflt");
        assertThat(p.replication()).isEqualTo(ReplicaPlacement.parse("001"));
        assertThat(p.ttl()).isEqualTo(Ttl.NONE);
        assertThat(raw.chunkSizeOr(8 << 20)).isEqualTo(4 << 20);

        StoragePolicy backup = match("/backup/x").applyTo(defaults);
        assertThat(backup.replication()).isEqualTo(ReplicaPlacement.parse("010"));
        assertThat(backup.ttl()).isEqualTo(Ttl.parse("30d"));
        assertThat(match("/pictures/a").applyTo(defaults).collection()).isEqualTo("pictures");
        assertThat(match("/pictures/a").chunkSizeOr(8 << 20)).isEqualTo(8 << 20);
    }

    @Test
    void noRulesMeansTheDefaults() {
        StoragePolicy defaults = StoragePolicy.defaults();
        assertThat(PathRules.none().match(FullPath.parse("/a/b")).applyTo(defaults)).isEqualTo(defaults);
    }

    @Test
    void loadsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("filer-rules.json");
        Files.writeString(file, RULES);
        assertThat(PathRules.load(file).rules()).hasSize(4);
        assertThatThrownBy(() -> PathRules.load(dir.resolve("missing.json")))
                .isInstanceOf(HayloftException.class).hasMessageContaining("missing.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[]",
            "{\"rules\": {}}",
            "{\"rules\": [], \"extra\": 1}",
            "{\"rules\": [{\"collection\": \"x\"}]}",
            "{\"rules\": [{\"prefix\": \"/a\", \"colection\": \"x\"}]}",
            "{\"rules\": [{\"prefix\": \"/a\", \"replication\": \"x01\"}]}",
            "{\"rules\": [{\"prefix\": \"/a\", \"ttl\": \"forever\"}]}",
            "{\"rules\": [{\"prefix\": \"/a\", \"maxMB\": 0}]}",
            "{\"rules\": [{\"prefix\": \"/a\", \"maxMB\": 257}]}",
            "{\"rules\": [{\"prefix\": \"/a\", \"collection\": \"no spaces\"}]}",
            "{\"rules\": [{\"prefix\": \"/a/../b\"}]}",
            "{\"rules\": [{\"prefix\": \"/a\"}, {\"prefix\": \"/a/\"}]}",
            "{\"rules\": [",
    })
    void rejectsMalformedRules(String json) {
        assertThatThrownBy(() -> PathRules.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(HayloftException.class);
    }
}
