package io.hayloft.client;

/**
 * What a volume server said about a blob it served.
 *
 * @param fileName    the stored file name (from {@code Content-Disposition}), or null when none was stored
 * @param contentType the stored MIME type, or null
 * @param size        bytes of data received
 * @param eTag        the CRC-32C eTag without quotes, or null
 */
public record BlobInfo(String fileName, String contentType, long size, String eTag) {
}
