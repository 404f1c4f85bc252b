package io.hayloft.storage;

import java.nio.ByteBuffer;

/**
 * A live needle whose data was left in the buffer its record was read into ({@link Volume#readData}),
 * checked against its CRC: for readers that send the bytes as they are.
 *
 * @param needle the needle's fields, with an empty {@code data} array
 * @param data   the buffer holding the record; the data lies between its position and its limit
 */
public record NeedleData(Needle needle, ByteBuffer data) {
}
