package io.hayloft.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading {@code jcmd GC.heap_info} of each collector. */
class JvmHeapTest {
    @Test
    void sumsTheGenerationsOfTheSerialCollectorAndLeavesMetaspaceOut() {
        String serial = """
                12345:
                 def new generation   total 157248K, used 1024K [0x00000000a0000000, 0x00000000aaaa0000)
                  eden space 139776K,   0% used [0x00000000a0000000, 0x00000000a0000000, 0x00000000a8880000)
                 tenured generation   total 349568K, used 321536K [0x00000000aaaa0000, 0x00000000c0000000)
                 Metaspace       used 45678K, committed 46336K, reserved 1114112K
                  class space    used 5678K, committed 6016K, reserved 1048576K
                """;
        assertThat(JvmHeap.parseUsedMiB(serial)).isEqualTo((1024 + 321536) / 1024.0);
    }

    @Test
    void readsG1sOneHeapLine() {
        String g1 = """
                 garbage-first heap   total 262144K, used 123904K [0x0000000080000000, 0x0000000100000000)
                  region size 1024K, 3 young (3072K), 0 survivors (0K)
                 Metaspace       used 45678K, committed 46336K, reserved 1114112K
                """;
        assertThat(JvmHeap.parseUsedMiB(g1)).isEqualTo(121.0);
        assertThat(JvmHeap.parseUsedMiB("12345:\nno such process")).isEqualTo(-1);
    }
}
