package io.hayloft.volume.http;

import java.net.FileNameMap;
import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Guesses a content type from a file name's extension, for needles stored without a mime. Stateless. */
final class MimeTypes {
    private static final FileNameMap JDK = URLConnection.getFileNameMap();
    private static final Map<String, String> EXTRA = Map.ofEntries(
            Map.entry("json", "application/json"), Map.entry("js", "text/javascript"),
            Map.entry("css", "text/css"), Map.entry("svg", "image/svg+xml"), Map.entry("webp", "image/webp"),
            Map.entry("mp4", "video/mp4"), Map.entry("mp3", "audio/mpeg"), Map.entry("wasm", "application/wasm"),
            Map.entry("pdf", "application/pdf"), Map.entry("txt", "text/plain"), Map.entry("md", "text/markdown"));

    private MimeTypes() {
    }

    /** The content type for {@code fileName} (a name or an extension with its dot), if known. */
    static Optional<String> guess(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return Optional.empty();
        }
        String ext = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        String known = EXTRA.get(ext);
        if (known != null) {
            return Optional.of(known);
        }
        return Optional.ofNullable(JDK.getContentTypeFor("x." + ext));
    }
}
