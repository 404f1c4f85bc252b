package io.hayloft.api;

/**
 * Replica placement {@code xyz}: {@code x} copies in other data centers, {@code y} on other racks of
 * the same data center, {@code z} on other servers of the same rack. A volume has {@code x+y+z+1}
 * copies. Stored in the superblock as one byte, {@code 100x + 10y + z}.
 *
 * @param diffDataCenters x, 0..2
 * @param diffRacks       y, 0..9
 * @param sameRack        z, 0..9; {@code 100x + 10y + z} must fit in one byte (at most 255)
 */
public record ReplicaPlacement(int diffDataCenters, int diffRacks, int sameRack) {
    /** {@code 000}: one copy. */
    public static final ReplicaPlacement NONE = new ReplicaPlacement(0, 0, 0);

    public ReplicaPlacement {
        HayloftException.checkArgument(diffDataCenters >= 0 && diffDataCenters <= 2,
                "replication: data center digit must be 0..2, got " + diffDataCenters);
        HayloftException.checkArgument(diffRacks >= 0 && diffRacks <= 9,
                "replication: rack digit must be 0..9, got " + diffRacks);
        HayloftException.checkArgument(sameRack >= 0 && sameRack <= 9,
                "replication: server digit must be 0..9, got " + sameRack);
        HayloftException.checkArgument(diffDataCenters * 100 + diffRacks * 10 + sameRack <= 255,
                "replication " + diffDataCenters + diffRacks + sameRack + " does not fit the superblock byte (max 255)");
    }

    /** Parses {@code "001"}; an empty or null string means {@code 000}. Shorter codes are left-padded. */
    public static ReplicaPlacement parse(String text) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        HayloftException.checkArgument(text.length() <= 3 && text.chars().allMatch(c -> c >= '0' && c <= '9'),
                "invalid replication '" + text + "': expected three digits such as 001");
        String t = "000".substring(text.length()) + text;
        return new ReplicaPlacement(t.charAt(0) - '0', t.charAt(1) - '0', t.charAt(2) - '0');
    }

    /** The superblock byte {@code 100x + 10y + z}. */
    public byte toByte() {
        return (byte) (diffDataCenters * 100 + diffRacks * 10 + sameRack);
    }

    /** Decodes the superblock byte. */
    public static ReplicaPlacement fromByte(byte b) {
        int v = b & 0xFF;
        return new ReplicaPlacement(v / 100, (v % 100) / 10, v % 10);
    }

    /** Number of copies a volume with this placement has, counting the first one. */
    public int copies() {
        return diffDataCenters + diffRacks + sameRack + 1;
    }

    @Override
    public String toString() {
        return "" + diffDataCenters + diffRacks + sameRack;
    }
}
