package io.hayloft.volume.http;

import java.util.Map;

/**
 * The file an upload request carried, after its body was read.
 *
 * @param data     the file's bytes
 * @param fileName its name ("" when none was given)
 * @param mime     its content type ("" when none or {@code application/octet-stream})
 * @param pairs    {@code Seaweed-*} header pairs, prefix removed
 */
record UploadBody(byte[] data, String fileName, String mime, Map<String, String> pairs) {
}
