package io.hayloft.api;

import java.util.Optional;

/**
 * A fid as it appears in a volume server URL path. Accepted forms:
 * <pre>
 *   /3,01637037d6            /3,01637037d6.jpg        /3,01637037d6_1
 *   /3/01637037d6            /3/01637037d6/name.jpg   /3/01637037d6.jpg
 * </pre>
 *
 * @param fileId    the parsed fid
 * @param extension the extension given after the fid ({@code ".jpg"}), if any
 * @param fileName  the file name given as the last path segment, if any
 */
public record FileIdPath(FileId fileId, Optional<String> extension, Optional<String> fileName) {

    /** Parses a URL path (with its leading slash, without the query string). */
    public static FileIdPath parse(String path) {
        HayloftException.checkArgument(path != null && path.startsWith("/") && path.length() > 1,
                "invalid file id path '" + path + "'");
        String p = path.substring(1);
        String[] parts = p.split("/", -1);
        if (parts.length == 1) {
            String s = parts[0];
            int comma = s.indexOf(',');
            HayloftException.checkArgument(comma > 0, "invalid file id path '" + path + "'");
            String rest = s.substring(comma + 1);
            Optional<String> ext = Optional.empty();
            int dot = rest.indexOf('.');
            if (dot >= 0) {
                ext = Optional.of(rest.substring(dot));
                rest = rest.substring(0, dot);
            }
            return new FileIdPath(FileId.parseParts(s.substring(0, comma), rest, s), ext, Optional.empty());
        }
        HayloftException.checkArgument(parts.length <= 3, "invalid file id path '" + path + "'");
        String rest = parts[1];
        Optional<String> ext = Optional.empty();
        int dot = rest.indexOf('.');
        if (dot >= 0) {
            ext = Optional.of(rest.substring(dot));
            rest = rest.substring(0, dot);
        }
        Optional<String> name = Optional.empty();
        if (parts.length == 3) {
            HayloftException.checkArgument(!parts[2].isEmpty(), "invalid file id path '" + path + "'");
            name = Optional.of(parts[2]);
            int ndot = parts[2].lastIndexOf('.');
            if (ext.isEmpty() && ndot > 0) {
                ext = Optional.of(parts[2].substring(ndot));
            }
        }
        return new FileIdPath(FileId.parseParts(parts[0], rest, p), ext, name);
    }
}
