package io.hayloft.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PathQueryTest {

    @Test
    void encodesValuesSoTheyCannotBreakTheQueryApart() {
        String q = MasterApi.ASSIGN.query().param(MasterApi.COUNT, 2)
                .param(MasterApi.COLLECTION, "a b&c=d#e%f+g/h").pathAndQuery();
        assertThat(q).isEqualTo("/dir/assign?count=2&collection=a%20b%26c%3Dd%23e%25f%2Bg%2Fh");
    }

    @Test
    void encodesNonAsciiAsUtf8Bytes() {
        assertThat(MasterApi.COLLECTION_LIST.query().param("pretty", "é").pathAndQuery())
                .isEqualTo("/col/list?pretty=%C3%A9");
    }

    @Test
    void rejectsAParameterTheEndpointDoesNotTake() {
        assertThatThrownBy(() -> MasterApi.LOOKUP.query().param("volume", 7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/dir/lookup takes no parameter 'volume'");
    }

    @Test
    void skipsAbsentOptionalAndUnsetValues() {
        String q = MasterApi.VACUUM.query().param(MasterApi.COLLECTION, Optional.empty())
                .paramIfSet(MasterApi.GARBAGE_THRESHOLD, null).flag(MasterApi.COLLECTION, false)
                .paramIfSet(MasterApi.COLLECTION, "pics").pathAndQuery();
        assertThat(q).isEqualTo("/vol/vacuum?collection=pics");
    }

    @Test
    void fillsAFidIntoTheBlobRouteAsItIs() {
        assertThat(VolumeApi.BLOB.at("3,01637037d6").param(VolumeApi.TYPE, VolumeApi.REPLICATE).url("127.0.0.1:8080"))
                .isEqualTo("http://127.0.0.1:8080/3,01637037d6?type=replicate");
    }

    @Test
    void encodesAFilerPathSegmentBySegment() {
        assertThat(FilerApi.READ.at("/docs/a b/100%.txt").flag(FilerApi.METADATA, true).pathAndQuery())
                .isEqualTo("/docs/a%20b/100%25.txt?metadata=true");
    }

    @Test
    void takesAnAddressWithOrWithoutScheme() {
        assertThat(VolumeApi.STATUS.query().url("http://h:1/")).isEqualTo("http://h:1/status");
        assertThat(VolumeApi.STATUS.query().uri("h:1").getAuthority()).isEqualTo("h:1");
    }

    @Test
    void aPatternEndpointNeedsItsValueAndAFixedOneHasNone() {
        assertThatThrownBy(VolumeApi.BLOB::query).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> MasterApi.ASSIGN.at("x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eachRoleDefinesEveryPathAndMethodOnce() {
        for (List<Endpoint> api : List.of(MasterApi.ALL, VolumeApi.ALL, FilerApi.ALL)) {
            Set<String> seen = new HashSet<>();
            api.forEach(e -> e.methods().forEach(m ->
                    assertThat(seen.add(m + " " + e.path())).as("%s %s defined twice", m, e.path()).isTrue()));
        }
        assertThat(Stream.of(MasterApi.ALL, VolumeApi.ALL, FilerApi.ALL).flatMap(List::stream))
                .allSatisfy(e -> assertThat(e.path()).startsWith("/"));
    }
}
