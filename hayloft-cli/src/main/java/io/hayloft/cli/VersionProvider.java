package io.hayloft.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code hayloft --version}: the build's version (from {@code version.properties}) and the JVM's. */
public final class VersionProvider implements IVersionProvider {
    /** The Hayloft version this command was built as, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String hayloftVersion() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the version resource", e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "hayloft " + hayloftVersion(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")
        };
    }
}
