package io.hayloft.http.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UiPageTest {
    @Test
    void inlinesTheSharedStyleAndScriptsAndAllowsExactlyThemByHash() throws Exception {
        UiPage page = UiPage.load(UiPageTest.class, "page.html", List.of("page.js"));
        String html = page.html();
        assertThat(html).doesNotContain(UiPage.STYLE_MARK, UiPage.SCRIPT_MARK)
                .contains("const hl = (function", "window.testPage = true", ".badge");
        Matcher script = Pattern.compile("<script>(.*)</script>", Pattern.DOTALL).matcher(html);
        assertThat(script.find()).isTrue();
        Matcher style = Pattern.compile("<style>(.*)</style>", Pattern.DOTALL).matcher(html);
        assertThat(style.find()).isTrue();
        assertThat(page.contentSecurityPolicy())
                .contains("script-src '" + sha256(script.group(1)) + "'")
                .contains("style-src '" + sha256(style.group(1)) + "'")
                .contains("default-src 'none'", "connect-src 'self'", "frame-ancestors 'none'");
    }

    @Test
    void refusesAScriptThatWouldEndItsElement() {
        assertThatThrownBy(() -> UiPage.load(UiPageTest.class, "page.html", List.of("bad.js")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("</");
    }

    @Test
    void refusesMissingResourcesAndPagesWithoutMarks() {
        assertThatThrownBy(() -> UiPage.load(UiPageTest.class, "nope.html", List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nope.html");
        assertThatThrownBy(() -> UiPage.load(UiPageTest.class, "unmarked.html", List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("lacks");
    }

    private static String sha256(String s) throws Exception {
        return "sha256-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
