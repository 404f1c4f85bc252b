package io.hayloft.filer.entry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FullPathTest {
    @Test
    void parentNameAndAncestorsFollowTheSlashes() {
        FullPath p = FullPath.parse("/a/b/c");

        assertThat(p.name()).isEqualTo("c");
        assertThat(p.parent()).isEqualTo(FullPath.parse("/a/b"));
        assertThat(p.ancestors()).extracting(FullPath::value).containsExactly("/a", "/a/b");
        assertThat(FullPath.root().ancestors()).isEmpty();
        assertThat(FullPath.parse("/x").ancestors()).isEmpty();
    }

    @Test
    void ancestryIsBySegmentNotByPrefix() {
        assertThat(FullPath.parse("/a").isAncestorOf(FullPath.parse("/a/b"))).isTrue();
        assertThat(FullPath.parse("/a").isAncestorOf(FullPath.parse("/ab"))).isFalse();
        assertThat(FullPath.parse("/a").isAncestorOf(FullPath.parse("/a"))).isFalse();
        assertThat(FullPath.root().isAncestorOf(FullPath.parse("/a"))).isTrue();
    }

    @Test
    void rebaseSwapsTheAncestor() {
        assertThat(FullPath.parse("/a/x/y").rebase(FullPath.parse("/a"), FullPath.parse("/b/c")))
                .isEqualTo(FullPath.parse("/b/c/x/y"));
        assertThat(FullPath.parse("/a/x").rebase(FullPath.parse("/a"), FullPath.root()))
                .isEqualTo(FullPath.parse("/x"));
    }
}
