package io.hayloft.it;

import io.hayloft.testkit.MutableClock;
import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.s3.S3Config;
import io.hayloft.s3.S3Server;
import io.hayloft.s3.auth.Grant;
import io.hayloft.s3.auth.Identities;
import io.hayloft.s3.auth.Identity;
import io.hayloft.s3.filer.FilerAccess;
import io.hayloft.s3.filer.HttpFilerAccess;
import io.hayloft.s3.filer.InProcessFilerAccess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A master, a volume server, a filer and an S3 gateway in this process on ephemeral ports, the gateway
 * reaching the filer over its HTTP API or by method call ({@link FilerPath}), with four
 * identities (an admin, a reader of bucket {@code shared}, and {@code alice} and {@code bob}, each Admin of
 * their own buckets only), the gateway on a clock the test moves,
 * and AWS SDK v2 clients for them (path-style, static credentials, us-east-1).
 */
final class S3Gateway implements AutoCloseable {
    static final String ADMIN_KEY = "HAYLOFTADMIN";
    static final String ADMIN_SECRET = "admin/secret+key";
    static final String READER_KEY = "HAYLOFTREADER";
    static final String READER_SECRET = "reader-secret";
    /** Two identities that are like AWS accounts of their own ({@code ownBucketsOnly}): Admin of their own buckets. */
    static final String ALICE_KEY = "HAYLOFTALICE";
    static final String ALICE_SECRET = "alice-secret";
    static final String BOB_KEY = "HAYLOFTBOB";
    static final String BOB_SECRET = "bob-secret";

    /** How the gateway reaches the filer. */
    enum FilerPath {
        /** Over the filer's HTTP API through Vert.x, as {@code hayloft s3 -filer host:port} does. */
        HTTP,
        /** By method call on the filer's services, as the gateway of {@code hayloft server} does. */
        IN_PROCESS;

        FilerAccess open(FilerServer filer) {
            return this == HTTP ? HttpFilerAccess.overVertx(filer.url(), S3Config.DEFAULT_FILER_TIMEOUT)
                    : new InProcessFilerAccess(filer.services());
        }
    }

    final LocalCluster cluster;
    final FilerServer filer;
    final S3Server s3;
    final MutableClock clock;
    /** The clock lifecycle rules measure ages on (apart from {@link #clock}, which signatures are checked against). */
    final MutableClock lifecycleClock;

    private S3Gateway(LocalCluster cluster, FilerServer filer, S3Server s3, MutableClock clock,
                      MutableClock lifecycleClock) {
        this.cluster = cluster;
        this.filer = filer;
        this.s3 = s3;
        this.clock = clock;
        this.lifecycleClock = lifecycleClock;
    }

    static S3Gateway start(Path root, FilerPath path) {
        return start(root, path, java.time.Duration.ZERO, java.time.Duration.ofDays(1));
    }

    /**
     * A gateway whose lifecycle job runs by itself every {@code lifecycleInterval} (0: only when a test calls
     * {@code s3.lifecycle().runOnce()}), with {@code lifecycleDay} as a rule's day.
     */
    static S3Gateway start(Path root, FilerPath path, java.time.Duration lifecycleInterval,
                           java.time.Duration lifecycleDay) {
        return start(root, path, lifecycleInterval, lifecycleDay, java.util.function.UnaryOperator.identity(),
                java.util.function.UnaryOperator.identity());
    }

    /** A gateway that reaches the filer through what {@code wrap} makes of its access (a test's gate, say). */
    static S3Gateway start(Path root, FilerPath path, java.util.function.UnaryOperator<FilerAccess> wrap) {
        return start(root, path, java.time.Duration.ZERO, java.time.Duration.ofDays(1), wrap,
                java.util.function.UnaryOperator.identity());
    }

    /** A gateway whose config is what {@code configure} makes of the usual one (virtual-host domains, say). */
    static S3Gateway configured(Path root, FilerPath path, java.util.function.UnaryOperator<S3Config> configure) {
        return start(root, path, java.time.Duration.ZERO, java.time.Duration.ofDays(1),
                java.util.function.UnaryOperator.identity(), configure);
    }

    private static S3Gateway start(Path root, FilerPath path, java.time.Duration lifecycleInterval,
                                   java.time.Duration lifecycleDay, java.util.function.UnaryOperator<FilerAccess> wrap,
                                   java.util.function.UnaryOperator<S3Config> configure) {
        LocalCluster cluster = LocalCluster.start(root, m -> m);
        FilerServer filer = null;
        try {
            cluster.addVolumeServer(16, "dc1", "rack1");
            filer = FilerServer.start(FilerConfig.forTest(root.resolve("filer"), cluster.masterUrl())
                    .withChunking(1 << 20, 2048, 4));
            Identities identities = Identities.of(List.of(
                    new Identity("admin", List.of(new Identity.Credential(ADMIN_KEY, ADMIN_SECRET)),
                            List.of(Grant.parse("Admin"))),
                    new Identity("reader", List.of(new Identity.Credential(READER_KEY, READER_SECRET)),
                            List.of(Grant.parse("Read:shared"), Grant.parse("List:shared"))),
                    new Identity("alice", List.of(new Identity.Credential(ALICE_KEY, ALICE_SECRET)),
                            List.of(Grant.parse("Admin")), true),
                    new Identity("bob", List.of(new Identity.Credential(BOB_KEY, BOB_SECRET)),
                            List.of(Grant.parse("Admin")), true)));
            MutableClock clock = new MutableClock(Instant.now());
            MutableClock lifecycleClock = new MutableClock(Instant.now());
            // lifecycle rules run when a test says (runOnce), on a clock of their own, or by themselves in real time
            S3Server s3 = S3Server.start(configure.apply(S3Config.defaults(wrap.apply(path.open(filer)), () -> identities)
                    .withBindHost("127.0.0.1").withPort(0).withClock(clock).withLifecycle(new S3Config.Lifecycle(
                            lifecycleInterval, lifecycleDay,
                            lifecycleInterval.isZero() ? lifecycleClock : java.time.Clock.systemUTC()))));
            return new S3Gateway(cluster, filer, s3, clock, lifecycleClock);
        } catch (RuntimeException e) {
            if (filer != null) {
                filer.close();
            }
            cluster.close();
            throw e;
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + s3.port();
    }

    S3Client client(String accessKey, String secret) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(60)))
                .build();
    }

    S3Client admin() {
        return client(ADMIN_KEY, ADMIN_SECRET);
    }

    S3Presigner presigner() {
        return S3Presigner.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ADMIN_KEY, ADMIN_SECRET)))
                .build();
    }

    @Override
    public void close() {
        s3.close();
        filer.close();
        cluster.close();
    }
}
