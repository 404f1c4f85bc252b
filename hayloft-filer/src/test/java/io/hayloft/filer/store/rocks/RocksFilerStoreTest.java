package io.hayloft.filer.store.rocks;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.FilerStoreConformanceTest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksFilerStoreTest extends FilerStoreConformanceTest {
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Override
    protected FilerStore openStore() {
        return RocksFilerStore.open(dir.resolve("db"), CLOCK);
    }

    @Override
    protected FilerStore reopenStore() {
        store.close();
        return RocksFilerStore.open(dir.resolve("db"), CLOCK);
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() {
        assertThatThrownBy(() -> RocksFilerStore.open(dir.resolve("db"), CLOCK))
                .isInstanceOf(HayloftException.class).hasMessageContaining("cannot open RocksDB");
    }
}
