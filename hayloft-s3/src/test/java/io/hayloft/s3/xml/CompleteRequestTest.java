package io.hayloft.s3.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.object.MultipartUploads;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompleteRequestTest {
    @Test
    void parsesPartsInOrderIgnoringChecksums() {
        String xml = "<CompleteMultipartUpload xmlns=\"" + XmlWriter.S3_NAMESPACE + "\"><Part><ETag>\"aa\"</ETag>"
                + "<ChecksumCRC32>AAAAAA==</ChecksumCRC32><PartNumber>2</PartNumber></Part>"
                + "<Part><PartNumber>1</PartNumber><ETag>bb</ETag></Part></CompleteMultipartUpload>";
        assertThat(CompleteRequest.parse(xml.getBytes(StandardCharsets.UTF_8))).containsExactly(
                new MultipartUploads.PartRef(2, "\"aa\""), new MultipartUploads.PartRef(1, "bb"));
    }

    @Test
    void malformedBodiesAreMalformedXml() {
        for (String bad : new String[] {"", "<CompleteMultipartUpload/>", "<Other/>",
                "<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>a</ETag></Part></CompleteMultipartUpload>",
                "<CompleteMultipartUpload><Part><ETag>a</ETag></Part></CompleteMultipartUpload>",
                "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>a</ETag>"}) {
            assertThatThrownBy(() -> CompleteRequest.parse(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(S3ErrorCode.MALFORMED_XML));
        }
    }
}
