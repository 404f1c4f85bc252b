package io.hayloft.volume.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileIdPath;
import java.util.List;
import org.junit.jupiter.api.Test;

class FidSyntaxTest {
    @Test
    void acceptsEveryDocumentedFidFormAndEachParses() {
        for (String path : List.of("/3,01637037d6", "/3,01637037d6.jpg", "/3,01637037d6_1", "/3/01637037d6",
                "/3/01637037d6/name.jpg", "/3/01637037d6.jpg", "/65535,FFFFFFFFFFFFFFFF0c0ffee0",
                "/3,01637037d6.tar.gz", "/3/01637037d6/my-file_v2.tar.gz")) {
            assertThat(FidSyntax.isPlainFid(path)).as(path).isTrue();
            assertThat(FileIdPath.parse(path).fileId()).as(path).isNotNull();
        }
    }

    @Test
    void leavesAnythingUnusualToTheRouter() {
        for (String path : List.of("/", "/3", "/3,", "/3,0163", "/3,zz1637037d6", "/,01637037d6", "/a,01637037d6",
                "/3,%30%31637037d6", "/3/01637037d6/..", "/3/01637037d6/.", "/3/01637037d6/.hidden",
                "/3/01637037d6/", "/3/01637037d6/a/b", "/3//01637037d6", "/3,01637037d6/name.jpg",
                "/3,01637037d6.", "/3,01637037d6_", "/3,01637037d6_1234567890", "/12345678901,01637037d6",
                "/3,01637037d6.j%70g", "/3/01637037d6/na me", "/3/01637037d6/n%C3%A9", "/admin/volume/needle",
                "/status", "/metrics", "3,01637037d6", "/3,0123456789abcdef0123456789")) {
            assertThat(FidSyntax.isPlainFid(path)).as(path).isFalse();
        }
    }
}
