package io.hayloft.cli.shell;
import io.hayloft.testkit.roles.FakeFiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.testkit.http.FakeHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code fs.*} commands against a fake filer: each runs {@code hayloft fs}'s code with paths
 * resolved against the session's current directory.
 */
class FsVerbsTest {
    @TempDir
    Path local;
    private FakeFiler filer;
    private ShellTester shell;

    @BeforeEach
    void start() throws Exception {
        filer = new FakeFiler();
        // No master is called by fs.*: an address nothing listens on proves it.
        shell = new ShellTester("127.0.0.1:1", filer.address());
        filer.putFile("/docs/a.txt", "alpha");
        filer.putFile("/docs/sub/b.txt", "bravo!");
        filer.mkdirs("/empty");
    }

    @AfterEach
    void stop() throws Exception {
        filer.close();
    }

    @Test
    void cdAndPwdKeepTheCurrentDirectoryAndRelativePathsResolveAgainstIt() {
        assertThat(shell.run("fs.pwd")).isEqualTo("/\n");
        assertThat(shell.run("fs.ls")).isEqualTo("docs/\nempty/\n");

        shell.run("fs.cd docs");
        assertThat(shell.run("fs.pwd")).isEqualTo("/docs\n");
        assertThat(shell.run("fs.ls")).isEqualTo("a.txt\nsub/\n");
        assertThat(shell.run("fs.ls -l sub")).contains("-rw-r--r--").contains("b.txt");
        shell.run("fs.cat a.txt sub/../sub/b.txt");
        assertThat(new String(shell.takeBytes(), StandardCharsets.UTF_8)).isEqualTo("alphabravo!");

        shell.run("fs.cd sub");
        shell.run("fs.cd ../..");
        assertThat(shell.run("fs.pwd")).isEqualTo("/\n");
        shell.run("fs.cd /docs/sub");
        shell.run("fs.cd");
        assertThat(shell.run("fs.pwd")).isEqualTo("/\n");
    }

    @Test
    void cdRefusesWhatIsNotADirectoryAndStaysPut() {
        shell.run("fs.cd docs");

        assertThatThrownBy(() -> shell.run("fs.cd a.txt")).isInstanceOf(ShellFailedException.class)
                .hasMessage("/docs/a.txt: Not a directory");
        assertThatThrownBy(() -> shell.run("fs.cd nowhere")).isInstanceOf(ShellFailedException.class)
                .hasMessage("/docs/nowhere: No such file or directory");
        assertThatThrownBy(() -> shell.run("fs.cd a b")).isInstanceOf(ShellUsageException.class);
        assertThat(shell.run("fs.pwd")).isEqualTo("/docs\n");
    }

    @Test
    void duAndTreeDefaultToTheCurrentDirectory() {
        shell.run("fs.cd /docs");

        assertThat(shell.run("fs.du")).isEqualTo("11\t2 files\t1 dirs\t/docs\n");
        assertThat(shell.run("fs.tree"))
                .isEqualTo("/docs\n├── a.txt\n└── sub/\n    └── b.txt\n\n1 directories, 2 files\n");
        assertThat(shell.run("fs.du sub")).isEqualTo("6\t1 files\t0 dirs\t/docs/sub\n");
        assertThatThrownBy(() -> shell.run("fs.tree a b")).isInstanceOf(ShellUsageException.class);
    }

    @Test
    void mkdirMvAndRmWorkOnResolvedPaths() {
        shell.run("fs.cd docs");

        shell.run("fs.mkdir new/deeper");
        assertThat(filer.exists("/docs/new/deeper")).isTrue();
        shell.run("fs.mv a.txt new");
        assertThat(filer.exists("/docs/new/a.txt")).isTrue();
        assertThat(filer.exists("/docs/a.txt")).isFalse();

        assertThatThrownBy(() -> shell.run("fs.rm new")).isInstanceOf(ShellFailedException.class)
                .hasMessage("/docs/new: Is a directory");
        shell.run("fs.rm -r new");
        assertThat(filer.exists("/docs/new")).isFalse();
        assertThat(filer.requests()).contains("DELETE /docs/new");
        assertThatThrownBy(() -> shell.run("fs.mv onlyone")).isInstanceOf(ShellUsageException.class)
                .hasMessage("needs SRC and DST");
    }

    @Test
    void putGoesIntoTheCurrentDirectoryAndGetFetchesRelativeToIt() throws Exception {
        Path file = Files.writeString(local.resolve("notes.txt"), "hello filer");
        shell.run("fs.cd /empty");

        assertThat(shell.run("fs.put " + file)).contains("-> /empty/notes.txt (11 bytes)");
        assertThat(filer.content("/empty/notes.txt")).isEqualTo("hello filer");
        shell.run("fs.put " + file + " renamed.txt");
        assertThat(filer.content("/empty/renamed.txt")).isEqualTo("hello filer");
        shell.run("fs.put " + file + " inbox/");
        assertThat(filer.content("/empty/inbox/notes.txt")).isEqualTo("hello filer");

        Path fetched = local.resolve("fetched.txt");
        assertThat(shell.run("fs.get renamed.txt " + fetched)).contains("/empty/renamed.txt -> " + fetched);
        assertThat(Files.readString(fetched)).isEqualTo("hello filer");
    }

    @Test
    void aFailingPathFailsTheCommandAfterTheOthersWereDone() {
        assertThatThrownBy(() -> shell.run("fs.ls missing docs")).isInstanceOf(ShellFailedException.class)
                .hasMessage("/missing: No such file or directory");
        assertThat(shell.printedSinceLast()).contains("a.txt");
    }

    @Test
    void optionsAreFlagsAndPathsMayFollowADoubleDash() {
        filer.putFile("/-odd", "x");

        assertThat(shell.run("fs.ls -l docs")).contains("a.txt");
        assertThat(shell.run("fs.ls -- -odd")).isEqualTo("-odd\n");
        assertThatThrownBy(() -> shell.run("fs.ls -x")).isInstanceOf(ShellUsageException.class)
                .hasMessageContaining("unknown option -x");
        assertThatThrownBy(() -> shell.run("fs.cat")).isInstanceOf(ShellUsageException.class)
                .hasMessage("needs at least one PATH");
    }

    @Test
    void theFilerComesFromTheSession() throws Exception {
        String address = FakeHttpServer.deadAddress();
        ShellTester elsewhere = new ShellTester("127.0.0.1:1", address);

        assertThatThrownBy(() -> elsewhere.run("fs.ls")).isInstanceOf(ShellFailedException.class)
                .hasMessageContaining("cannot reach the filer at " + address);
    }
}
