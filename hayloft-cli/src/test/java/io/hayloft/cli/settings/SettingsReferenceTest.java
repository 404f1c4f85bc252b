package io.hayloft.cli.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/operations.md's settings reference is the one the settings tables render. */
class SettingsReferenceTest {
    private static final Path DOC = Path.of("..", "docs", "operations.md");

    @Test
    void operationsDocListsEverySettingAsTheTablesDefineIt() throws IOException {
        Path expected = Path.of("target", "settings-reference.md");
        Files.writeString(expected, SettingsReference.section());
        String doc = Files.readString(DOC);
        int begin = doc.indexOf(SettingsReference.BEGIN);
        int end = doc.indexOf(SettingsReference.END);
        assertThat(begin).as("docs/operations.md has the generated settings reference").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String inDoc = doc.substring(begin, end + SettingsReference.END.length() + 1);
        assertThat(inDoc).as("docs/operations.md's settings reference differs from the tables: replace it with "
                + expected.toAbsolutePath()).isEqualTo(SettingsReference.section());
    }

    @Test
    void theReferenceNamesEveryServerOption() {
        String md = SettingsReference.markdown();
        for (ServerOptions.ServerOption o : ServerOptions.options()) {
            assertThat(md).contains("`-" + o.names().getFirst() + "`");
        }
        assertThat(md).contains("`-volumeSizeLimitMB`").contains("`30000MiB`").contains("`1MiB..32GiB`");
    }
}
