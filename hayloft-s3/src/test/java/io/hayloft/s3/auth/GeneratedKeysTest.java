package io.hayloft.s3.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedKeysTest {
    @TempDir
    Path dir;

    @Test
    void generatesAnAdminPairOnceKeepsItPrivateAndReusesIt() throws Exception {
        GeneratedKeys.Keys first = GeneratedKeys.loadOrCreate(dir.resolve("s3"));
        assertThat(first.created()).isNotNull();
        Identities.Match match = first.identities().find(first.created().accessKey()).orElseThrow();
        assertThat(match.credential().secretKey()).isEqualTo(first.created().secretKey()).hasSize(40);
        assertThat(match.identity().allows(Action.WRITE, "any")).isTrue();
        assertThat(first.identities().anonymous()).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.file()))).isEqualTo("rw-------");

        GeneratedKeys.Keys again = GeneratedKeys.loadOrCreate(dir.resolve("s3"));
        assertThat(again.created()).isNull();
        assertThat(again.identities().find(first.created().accessKey())).isPresent();
        try (var files = Files.list(dir.resolve("s3"))) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void loadsSeaweedFsStyleConfigWithPerBucketGrants() throws Exception {
        Path file = dir.resolve("s3.json");
        Files.writeString(file, """
                {"identities": [
                  {"name": "admin", "credentials": [{"accessKey": "AK1", "secretKey": "SK1"}], "actions": ["Admin"]},
                  {"name": "reader", "credentials": [{"accessKey": "AK2", "secretKey": "SK2"}],
                   "actions": ["Read:photos", "List:photos"]}
                ]}""");
        Identities ids = Identities.load(file);
        assertThat(ids.size()).isEqualTo(2);
        Identity reader = ids.find("AK2").orElseThrow().identity();
        assertThat(reader.allows(Action.READ, "photos")).isTrue();
        assertThat(reader.allows(Action.READ, "other")).isFalse();
        assertThat(reader.allows(Action.WRITE, "photos")).isFalse();
        assertThat(reader.allows(Action.LIST, "")).isFalse();
    }
}
