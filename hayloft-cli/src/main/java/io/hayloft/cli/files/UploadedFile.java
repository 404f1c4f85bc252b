package io.hayloft.cli.files;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One line of {@code hayloft upload}'s JSON answer, as {@code weed upload} prints it.
 *
 * @param fileName the file's name
 * @param fid      where it is stored
 * @param fileUrl  {@code publicUrl/fid}
 * @param size     bytes stored
 */
@JsonPropertyOrder({"fileName", "fid", "fileUrl", "size"})
public record UploadedFile(@JsonProperty("fileName") String fileName, @JsonProperty("fid") String fid,
                           @JsonProperty("fileUrl") String fileUrl, @JsonProperty("size") long size) {
}
