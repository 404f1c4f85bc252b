package io.hayloft.filer.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.FilerStoreConformanceTest;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance suite against a real PostgreSQL that {@link LocalPostgres} starts; one schema per test. */
class JdbcFilerStoreTest extends FilerStoreConformanceTest {
    @RegisterExtension
    static final LocalPostgres POSTGRES = new LocalPostgres();
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    private String url;

    @Override
    protected FilerStore openStore() {
        url = POSTGRES.freshSchemaUrl();
        return JdbcFilerStore.open(url, CLOCK);
    }

    @Override
    protected FilerStore reopenStore() {
        store.close();
        return JdbcFilerStore.open(url, CLOCK);
    }

    @Test
    void opensAnExistingSchemaAgainWithoutLosingData() {
        FilerStore second = JdbcFilerStore.open(url, CLOCK);
        second.close();
        assertThat(store.list(io.hayloft.filer.entry.FullPath.root(), "", true, 10)).isEmpty();
    }

    @Test
    void refusesAUrlThatIsNotPostgres() {
        assertThatThrownBy(() -> JdbcFilerStore.open("jdbc:mysql://db/x", CLOCK))
                .isInstanceOf(HayloftException.class)
                .satisfies(e -> assertThat(((HayloftException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void unreachableDatabaseFailsOpenWithoutShowingThePassword() {
        assertThatThrownBy(() -> JdbcFilerStore.open("jdbc:postgresql://127.0.0.1:1/x?password=secret&connectTimeout=2",
                CLOCK))
                .isInstanceOf(HayloftException.class)
                .hasMessageContaining("cannot open the filer store")
                .hasMessageNotContaining("secret");
    }
}
