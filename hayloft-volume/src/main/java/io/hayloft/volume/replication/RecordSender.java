package io.hayloft.volume.replication;

import io.hayloft.api.FileId;
import io.hayloft.http.PeerClient;
import io.hayloft.storage.NeedleRecord;
import io.hayloft.volume.transfer.NeedleTransfer;
import io.netty.buffer.Unpooled;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a needle record to a peer's {@code POST /internal/needle/replicate} ({@link NeedleTransfer})
 * over the {@link PeerClient}'s kept-alive pool. The record's bytes go out as they are, wrapped, not
 * copied into another buffer. Stateless.
 */
final class RecordSender {
    private static final Map<String, String> HEADERS = Map.of("Content-Type", NeedleTransfer.OCTET_STREAM);

    private RecordSender() {
    }

    /**
     * Starts the call; never throws (see {@link PeerClient#send}).
     *
     * @param peer the peer's {@code host:port}
     * @return the peer's answer: 201 stored, 202 deleted, or its error
     */
    static CompletableFuture<PeerClient.Response> send(PeerClient peers, String peer, FileId fid, NeedleRecord record) {
        return peers.send(HttpMethod.POST, NeedleTransfer.recordUrl(peer, fid), HEADERS,
                BufferInternal.buffer(Unpooled.wrappedBuffer(record.bytes())));
    }
}
