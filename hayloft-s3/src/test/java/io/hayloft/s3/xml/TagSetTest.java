package io.hayloft.s3.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagSetTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertCode(Runnable call, S3ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static TagSet of(int n, int keyLength, int valueLength) {
        List<TagSet.Tag> tags = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tags.add(new TagSet.Tag(i + "k".repeat(keyLength - 1), "v".repeat(valueLength)));
        }
        return new TagSet(tags);
    }

    @Test
    void parsesTheTaggingDocumentInOrderAndWritesItBack() {
        String xml = "<Tagging xmlns=\"" + XmlWriter.S3_NAMESPACE + "\"><TagSet><Tag><Key>b</Key><Value>2</Value></Tag>"
                + "<Tag><Key>a &amp; c</Key><Value></Value></Tag></TagSet></Tagging>";
        TagSet tags = TagSet.parse(bytes(xml));
        assertThat(tags.tags()).containsExactly(new TagSet.Tag("b", "2"), new TagSet.Tag("a & c", ""));
        assertThat(TagSet.parse(tags.toXml()).tags()).as("answered by key")
                .containsExactly(new TagSet.Tag("a & c", ""), new TagSet.Tag("b", "2"));
    }

    @Test
    void theQueryFormRoundTripsAnyCharacters() {
        TagSet tags = new TagSet(List.of(new TagSet.Tag("naïve key=1&", "a b+c/%é"), new TagSet.Tag("x", "")));
        assertThat(TagSet.fromQuery(tags.toQuery())).isEqualTo(tags);
        assertThat(TagSet.fromQuery("Hello=World&foo=bar").tags()).containsExactly(new TagSet.Tag("Hello", "World"),
                new TagSet.Tag("foo", "bar"));
        assertThat(TagSet.fromQuery(null).isEmpty()).isTrue();
        assertThat(TagSet.fromQuery("").toQuery()).isEmpty();
        assertCode(() -> TagSet.fromQuery("a=%zz"), S3ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void enforcesS3sLimitsOnCountKeysAndValues() {
        of(10, 128, 256).validate(false);
        of(50, 10, 10).validate(true);
        assertCode(() -> of(11, 5, 5).validate(false), S3ErrorCode.INVALID_TAG);
        assertCode(() -> of(51, 5, 5).validate(true), S3ErrorCode.INVALID_TAG);
        assertCode(() -> of(1, 129, 1).validate(false), S3ErrorCode.INVALID_TAG);
        assertCode(() -> of(1, 5, 257).validate(false), S3ErrorCode.INVALID_TAG);
        assertCode(() -> new TagSet(List.of(new TagSet.Tag("", "v"))).validate(false), S3ErrorCode.INVALID_TAG);
        assertCode(() -> new TagSet(List.of(new TagSet.Tag("aws:x", "v"))).validate(false), S3ErrorCode.INVALID_TAG);
        assertCode(() -> new TagSet(List.of(new TagSet.Tag("k", "1"), new TagSet.Tag("k", "2"))).validate(false),
                S3ErrorCode.INVALID_TAG);
    }

    @Test
    void malformedDocumentsAreMalformedXml() {
        for (String bad : new String[] {"", "<Other/>", "<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>",
                "<Tagging><TagSet><Tag><Key>k</Key><Color>x</Color></Tag></TagSet></Tagging>", "<Tagging><TagSet>",
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Tagging><TagSet><Tag><Key>&e;</Key></Tag>"
                        + "</TagSet></Tagging>"}) {
            assertThatThrownBy(() -> TagSet.parse(bytes(bad))).as(bad)
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(S3ErrorCode.MALFORMED_XML));
        }
    }
}
