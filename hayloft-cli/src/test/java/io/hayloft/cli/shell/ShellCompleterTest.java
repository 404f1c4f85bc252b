package io.hayloft.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Parser.ParseContext;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;

/** What tab offers at the prompt. */
class ShellCompleterTest {
    private final ShellRegistry registry = ShellRegistry.standard();
    private final ShellCompleter completer = new ShellCompleter(registry);

    private List<String> candidates(String typed) {
        List<Candidate> found = new ArrayList<>();
        completer.complete(null, new DefaultParser().parse(typed, typed.length(), ParseContext.COMPLETE), found);
        return found.stream().map(Candidate::value).toList();
    }

    @Test
    void theFirstWordCompletesToEveryCommandNameAndExit() {
        List<String> names = registry.all().stream().map(ShellVerb::name).toList();

        assertThat(candidates("")).containsAll(names).contains("exit", "quit").hasSize(names.size() + 2);
        assertThat(candidates("volume.fi")).contains("volume.fix.replication");
    }

    @Test
    void laterWordsCompleteToTheCommandsOptionsNotGivenYet() {
        assertThat(candidates("volume.fix.replication ")).containsExactly("-collection", "-apply");
        assertThat(candidates("volume.fix.replication -ap")).containsExactly("-collection", "-apply");
        assertThat(candidates("volume.fix.replication -apply ")).containsExactly("-collection");
        assertThat(candidates("volume.fix.replication -collection=pics -")).containsExactly("-apply");
        assertThat(candidates("volume.mark ")).containsExactly("-volumeId", "-readonly", "-writable", "-node");
        assertThat(candidates("fs.ls ")).containsExactly("-l");
        assertThat(candidates("cluster.check ")).isEmpty();
        assertThat(candidates("no.such.command ")).isEmpty();
    }

    @Test
    void helpCommandCompletesToCommandNames() {
        assertThat(candidates("help -command ")).contains("cluster.check", "fs.cd").doesNotContain("-command");
        assertThat(candidates("help ")).containsExactly("-command");
    }
}
