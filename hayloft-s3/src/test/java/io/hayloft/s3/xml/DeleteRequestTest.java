package io.hayloft.s3.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeleteRequestTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesKeysAndQuietWithOrWithoutTheNamespace() {
        DeleteRequest r = DeleteRequest.parse(bytes("<?xml version=\"1.0\"?><Delete xmlns=\"" + XmlWriter.S3_NAMESPACE
                + "\"><Quiet>true</Quiet><Object><Key>a &amp; b</Key></Object><Object><Key>c/d</Key>"
                + "<VersionId>null</VersionId></Object></Delete>"));
        assertThat(r.quiet()).isTrue();
        assertThat(r.keys()).containsExactly("a & b", "c/d");
        assertThat(DeleteRequest.parse(bytes("<Delete><Object><Key>x</Key></Object></Delete>")).quiet()).isFalse();
    }

    @Test
    void malformedOrHostileXmlIsMalformedXml() {
        StringBuilder many = new StringBuilder("<Delete>");
        for (int i = 0; i <= DeleteRequest.MAX_KEYS; i++) {
            many.append("<Object><Key>k").append(i).append("</Key></Object>");
        }
        many.append("</Delete>");
        for (String bad : new String[] {"", "not xml", "<Delete>", "<Delete></Delete>", "<Other/>",
                "<Delete><Object></Object></Delete>", "<Delete><Quiet>maybe</Quiet><Object><Key>k</Key></Object></Delete>",
                "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Delete><Object><Key>&x;</Key></Object></Delete>",
                "<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><Delete><Object><Key>&b;</Key></Object></Delete>",
                many.toString()}) {
            assertThatThrownBy(() -> DeleteRequest.parse(bytes(bad))).as(bad.length() > 40 ? bad.substring(0, 40) : bad)
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(S3ErrorCode.MALFORMED_XML));
        }
    }

    @Test
    void writerEscapesText() {
        String xml = new String(XmlWriter.document("R", true).element("Key", "<a&b>\"'\u0001").finish(), StandardCharsets.UTF_8);
        assertThat(xml).contains("<R xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Key>&lt;a&amp;b&gt;&quot;&apos;&#1;</Key></R>");
    }
}
