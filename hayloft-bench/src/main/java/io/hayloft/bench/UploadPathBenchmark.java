package io.hayloft.bench;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.http.MultipartParser;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeOptions;
import io.hayloft.storage.WriteResult;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The volume server's upload path without the network: a {@code multipart/form-data} body (one
 * file part, as {@code curl -F} and SeaweedFS clients send it) fed to {@link MultipartParser} in
 * network-sized chunks, its file part turned into a needle (CRC-32C) and appended to a volume
 * (CRC-checked, indexed; no fsync); the parse alone; and the append from a raw body. Average time
 * per upload. The appends grow the volume by a GiB every few seconds, so page-cache writeback makes
 * their figures noisy; the parse alone is the steady one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseCompactObjectHeaders"})
public class UploadPathBenchmark {
    private static final int COOKIE = 0x5EED;
    private static final String BOUNDARY = "----hayloftBenchBoundary7MA4YWxkTrZu0gW";
    private static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    /** File size in bytes. */
    @Param("1024")
    public int size;

    /** Bytes per network read the body arrives in (a loopback read hands over up to 64 KiB). */
    @Param("1460")
    public int chunk;

    private Path dir;
    private Volume volume;
    private byte[] data;
    private Buffer[] chunks;
    private long nextKey = 1;

    /** Builds the body and its chunks, and an empty volume. */
    @Setup(Level.Trial)
    public void create() throws IOException {
        dir = Files.createTempDirectory("hayloft-upload-bench");
        volume = Volume.create(dir, "", VolumeId.of(1), ReplicaPlacement.NONE, Ttl.NONE, VolumeOptions.defaults());
        data = new byte[size];
        new SplittableRandom(1).nextBytes(data);
        Buffer body = Buffer.buffer()
                .appendString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.bin\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n", StandardCharsets.UTF_8.name())
                .appendBytes(data)
                .appendString("\r\n--" + BOUNDARY + "--\r\n");
        int n = (body.length() + chunk - 1) / chunk;
        chunks = new Buffer[n];
        for (int i = 0; i < n; i++) {
            chunks[i] = body.getBuffer(i * chunk, Math.min(body.length(), (i + 1) * chunk));
        }
    }

    /** Deletes the volume. */
    @TearDown(Level.Trial)
    public void destroy() throws IOException {
        volume.destroy();
        Files.deleteIfExists(dir);
    }

    /** Parses the multipart body and builds the needle (CRC-32C), without the append. */
    @Benchmark
    public Needle multipartParse() {
        FilePart part = parse();
        return Needle.of(nextKey++, COOKIE, part.bytes()).withName(part.fileName);
    }

    /** Parses the multipart body, builds the needle and appends it. */
    @Benchmark
    public WriteResult multipartUpload() {
        FilePart part = parse();
        return volume.write(Needle.of(nextKey++, COOKIE, part.bytes()).withName(part.fileName));
    }

    private FilePart parse() {
        FilePart part = new FilePart();
        MultipartParser parser = MultipartParser.forContentType(CONTENT_TYPE, part);
        for (Buffer c : chunks) {
            parser.feed(c);
        }
        parser.finish();
        return part;
    }

    /** Builds the needle from a raw body and appends it. */
    @Benchmark
    public WriteResult rawUpload() {
        Buffer body = Buffer.buffer(size);
        for (Buffer c : chunks) {
            body.appendBuffer(c);
        }
        return volume.write(Needle.of(nextKey++, COOKIE, data));
    }

    /** Collects the first file part, as the volume server's upload receiver does. */
    private static final class FilePart implements MultipartParser.Listener {
        private final Buffer data = Buffer.buffer();
        private String fileName = "";

        @Override
        public void partStarted(MultipartParser.Part part) {
            fileName = part.fileName().orElse("");
        }

        @Override
        public void partData(Buffer chunk) {
            data.appendBuffer(chunk);
        }

        @Override
        public void partEnded() {
            // one part
        }

        byte[] bytes() {
            return data.getBytes();
        }
    }
}
