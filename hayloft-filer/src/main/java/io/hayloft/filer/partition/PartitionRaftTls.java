package io.hayloft.filer.partition;

import io.hayloft.security.ReloadingTlsManagers;
import java.util.Optional;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;

/**
 * The partitions' Raft transport security: Ratis' gRPC settings that put a filer server's
 * {@link PartitionServer} (between replicas, its admin calls) and its {@link PartitionClient}s over TLS from
 * {@code security.toml}'s {@code [tls]}, as the masters' Raft is. The server presents the node certificate
 * and trusts what the cluster's CA signed; with mutual TLS it refuses a peer or client without such a
 * certificate, and clients present theirs. Certificates renewed on disk are used from the next handshake on
 * ({@link ReloadingTlsManagers}).
 */
final class PartitionRaftTls {
    private PartitionRaftTls() {
    }

    /**
     * The gRPC parameters for servers and clients alike: TLS when {@code tls} is present, plain text otherwise.
     * A new object each call (Ratis' {@link Parameters} is mutable).
     */
    static Parameters parameters(Optional<ReloadingTlsManagers> tls) {
        Parameters parameters = new Parameters();
        tls.ifPresent(t -> GrpcConfigKeys.TLS.setConf(parameters,
                new GrpcTlsConfig(t.keyManager(), t.trustManager(), t.mutual())));
        return parameters;
    }
}
