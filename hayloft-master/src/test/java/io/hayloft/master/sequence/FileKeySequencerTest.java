package io.hayloft.master.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FileKeySequencerTest {
    /** A ledger in memory that counts writes. */
    static final class MemoryLedger implements KeyLedger {
        long ceiling;
        int writes;
        long term = 1;

        @Override
        public synchronized long leaderTerm() {
            return term;
        }

        @Override
        public synchronized long keyCeiling() {
            return ceiling;
        }

        @Override
        public synchronized long reserveKeyBlock(long size) {
            writes++;
            long first = ceiling + 1;
            ceiling += size;
            return first;
        }

        @Override
        public synchronized void raiseKeyCeiling(long key) {
            writes++;
            ceiling = Math.max(ceiling, key);
        }
    }

    @Test
    void tryNextKeysServesOnlyFromTheCurrentBlockAndNeverWritesTheLedger() {
        MemoryLedger ledger = new MemoryLedger();
        FileKeySequencer sequencer = new FileKeySequencer(ledger, 3);
        assertThat(sequencer.tryNextKeys(1)).isEqualTo(FileKeySequencer.NO_KEY); // no block yet
        assertThat(ledger.writes).isZero();
        long first = sequencer.nextKeys(1);
        assertThat(sequencer.tryNextKeys(1)).isEqualTo(first + 1);
        assertThat(sequencer.tryNextKeys(2)).isEqualTo(FileKeySequencer.NO_KEY); // only one key left
        assertThat(sequencer.tryNextKeys(1)).isEqualTo(first + 2);
        assertThat(sequencer.tryNextKeys(1)).isEqualTo(FileKeySequencer.NO_KEY);
        assertThat(ledger.writes).isEqualTo(1);
        assertThat(sequencer.nextKeys(1)).isEqualTo(first + 3);
    }

    @Test
    void tryNextKeysRefusesTheOldBlockAfterATermChange() {
        MemoryLedger ledger = new MemoryLedger();
        FileKeySequencer sequencer = new FileKeySequencer(ledger, 100);
        sequencer.nextKeys(1);
        ledger.term = 2;
        assertThat(sequencer.tryNextKeys(1)).isEqualTo(FileKeySequencer.NO_KEY);
    }

    @Test
    void newLeaderTermDropsTheOldBlockAndStartsAboveTheCommittedCeiling() {
        MemoryLedger ledger = new MemoryLedger();
        FileKeySequencer oldLeader = new FileKeySequencer(ledger, 100);
        Set<Long> issued = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            assertThat(issued.add(oldLeader.nextKeys(1))).isTrue();
        }
        // failover: another master leads in term 2 and reserves above the ceiling
        ledger.term = 2;
        FileKeySequencer newLeader = new FileKeySequencer(ledger, 100);
        long ceilingBefore = ledger.keyCeiling();
        long first = newLeader.nextKeys(1);
        assertThat(first).isEqualTo(ceilingBefore + 1);
        assertThat(issued.add(first)).isTrue();
        // the old leader regains leadership in term 3: its unused keys 11..100 stay unused
        ledger.term = 3;
        long resumed = oldLeader.nextKeys(1);
        assertThat(resumed).isGreaterThan(200);
        assertThat(issued.add(resumed)).isTrue();
    }

    @Test
    void handsOutKeysFromOneLedgerWritePerBlock() {
        MemoryLedger ledger = new MemoryLedger();
        FileKeySequencer seq = new FileKeySequencer(ledger, 100);
        Set<Long> keys = new HashSet<>();
        for (int i = 0; i < 250; i++) {
            keys.add(seq.nextKeys(1));
        }
        assertThat(keys).hasSize(250).contains(1L, 250L);
        assertThat(ledger.writes).isEqualTo(3);
    }

    @Test
    void reservesConsecutiveKeysForACount() {
        MemoryLedger ledger = new MemoryLedger();
        FileKeySequencer seq = new FileKeySequencer(ledger, 10);
        long first = seq.nextKeys(3);
        long next = seq.nextKeys(1);
        assertThat(next).isEqualTo(first + 3);
        long big = seq.nextKeys(25);
        assertThat(seq.nextKeys(1)).isEqualTo(big + 25);
    }

    @Test
    void neverHandsOutAKeyAtOrBelowAReportedOne() {
        MemoryLedger ledger = new MemoryLedger();
        FileKeySequencer seq = new FileKeySequencer(ledger, 100);
        seq.nextKeys(1);
        seq.observe(5_000);
        assertThat(ledger.ceiling).isGreaterThanOrEqualTo(5_000);
        assertThat(seq.nextKeys(1)).isGreaterThan(5_000);
    }

    @Test
    void reportedKeyInsideTheBlockSkipsAheadWithoutALedgerWrite() {
        MemoryLedger ledger = new MemoryLedger();
        FileKeySequencer seq = new FileKeySequencer(ledger, 100);
        seq.nextKeys(1);
        int writes = ledger.writes;
        seq.observe(50);
        assertThat(seq.nextKeys(1)).isEqualTo(51);
        assertThat(ledger.writes).isEqualTo(writes);
    }

    @Test
    void aNewSequencerOnTheSameLedgerStartsAboveTheCeiling() {
        MemoryLedger ledger = new MemoryLedger();
        FileKeySequencer before = new FileKeySequencer(ledger, 100);
        long used = before.nextKeys(1);
        FileKeySequencer after = new FileKeySequencer(ledger, 100);
        assertThat(after.nextKeys(1)).isGreaterThan(used + 99);
    }

    @Test
    void rejectsCountBelowOne() {
        FileKeySequencer seq = new FileKeySequencer(new MemoryLedger(), 100);
        assertThatThrownBy(() -> seq.nextKeys(0)).isInstanceOf(HayloftException.class);
    }
}
