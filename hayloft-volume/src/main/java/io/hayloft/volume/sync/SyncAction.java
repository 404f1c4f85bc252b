package io.hayloft.volume.sync;

/**
 * One repair replica sync decided on.
 *
 * @param kind what to do
 * @param key  the needle key (unsigned)
 * @param peer the replica ({@code host:port}) the action reads from or writes to; null for
 *             {@link Kind#DELETE_HERE}
 */
record SyncAction(Kind kind, long key, String peer) {
    /** The four repairs of the decision table, in the order they are carried out. */
    enum Kind {
        /** This copy missed a delete: delete the key here ({@code Volume.repairDelete}). */
        DELETE_HERE("delete_here"),
        /** This copy missed a write: fetch the needle from {@link #peer()} and store it here. */
        COPY_HERE("copy_here"),
        /** {@link #peer()} missed a delete: delete the key there. */
        DELETE_ON_PEER("delete_on_peer"),
        /** {@link #peer()} missed a write: send it this copy's needle. */
        COPY_TO_PEER("copy_to_peer");

        private final String tag;

        Kind(String tag) {
            this.tag = tag;
        }

        /** The {@code action} tag of {@code hayloft_volume_sync_repairs_total}. */
        String tag() {
            return tag;
        }
    }

    SyncAction {
        if (kind == null || (kind != Kind.DELETE_HERE) != (peer != null)) {
            throw new IllegalArgumentException("a peer is required exactly for the actions on or from a peer: "
                    + kind + " " + peer);
        }
    }

    static SyncAction deleteHere(long key) {
        return new SyncAction(Kind.DELETE_HERE, key, null);
    }

    static SyncAction copyHere(long key, String from) {
        return new SyncAction(Kind.COPY_HERE, key, from);
    }

    static SyncAction deleteOnPeer(long key, String peer) {
        return new SyncAction(Kind.DELETE_ON_PEER, key, peer);
    }

    static SyncAction copyToPeer(long key, String peer) {
        return new SyncAction(Kind.COPY_TO_PEER, key, peer);
    }

    @Override
    public String toString() {
        return kind.tag() + " " + Long.toHexString(key) + (peer == null ? "" : " " + peer);
    }
}
