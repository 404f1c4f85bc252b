package io.hayloft.s3;

import io.hayloft.api.HayloftException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What an S3 gateway is started with, from {@link S3Settings}: where it listens, the filer it stores
 * through and where its identities come from. The command builds its {@link S3Config} from these.
 * The compact constructor checks every value against its setting.
 *
 * @param port           HTTP port ({@code -port}, 8333; 0 picks a free one)
 * @param advertisedHost host name clients reach the gateway at ({@code -ip})
 * @param bindHost       address to listen on ({@code -ip.bind})
 * @param filer          the filer's {@code host:port} ({@code -filer}; unused when the filer is in the same process)
 * @param identities     the identities file (SeaweedFS's {@code s3.json}), or null for the generated key pair
 * @param keyDir         where the generated key pair is kept when there is no identities file ({@code -dir})
 * @param lifecycleInterval how often lifecycle rules run ({@code -lifecycle.interval}, 1h; 0: never)
 * @param lifecycleDay   how long a lifecycle rule's day is ({@code -lifecycle.day}, 1d)
 * @param domainNames    domains whose sub-domains name buckets ({@code -domainName}, comma-separated; empty: none)
 * @param externalUrl    the URL clients reach the gateway at behind a proxy ({@code -externalUrl}; empty: none)
 */
public record S3Options(int port, String advertisedHost, String bindHost, String filer, Path identities,
                        Path keyDir, Duration lifecycleInterval, Duration lifecycleDay, String domainNames,
                        String externalUrl) {
    /**
     * @throws HayloftException {@code BAD_REQUEST} naming the flag of a value outside its range
     */
    public S3Options {
        S3Settings.PORT.check(port);
        HayloftException.checkArgument(advertisedHost != null && !advertisedHost.isBlank(), "-ip must not be empty");
        HayloftException.checkArgument(bindHost != null && !bindHost.isBlank(), "-ip.bind must not be empty");
        HayloftException.checkArgument(filer != null && !filer.isBlank(), "-filer must name the filer's host:port");
        S3Settings.KEY_DIR.check(keyDir);
        S3Settings.LIFECYCLE_INTERVAL.check(lifecycleInterval);
        S3Settings.LIFECYCLE_DAY.check(lifecycleDay);
        domainNames = domainNames == null ? "" : domainNames.strip();
        externalUrl = externalUrl == null ? "" : externalUrl.strip();
        try {
            Addressing.parse(domainNames, externalUrl);
        } catch (IllegalArgumentException e) {
            throw HayloftException.badRequest(e.getMessage());
        }
    }

    /** The virtual-host domains and external URL these options give. */
    public Addressing addressing() {
        return Addressing.parse(domainNames, externalUrl);
    }

    /** The lifecycle job's timing these options give. */
    public S3Config.Lifecycle lifecycle() {
        return new S3Config.Lifecycle(lifecycleInterval, lifecycleDay, java.time.Clock.systemUTC());
    }

    /** The defaults of {@link S3Settings}: port 8333 on every interface over the filer at localhost:8888. */
    public static S3Options defaults() {
        return new S3Options(S3Settings.PORT.defaultValue(), S3Settings.IP.defaultValue(),
                S3Settings.BIND_IP.defaultValue(), S3Settings.FILER.defaultValue(), null,
                S3Settings.KEY_DIR.defaultValue(), S3Settings.LIFECYCLE_INTERVAL.defaultValue(),
                S3Settings.LIFECYCLE_DAY.defaultValue(), S3Settings.DOMAIN_NAME.defaultValue(),
                S3Settings.EXTERNAL_URL.defaultValue());
    }

    public S3Options withPort(int p) {
        return new S3Options(p, advertisedHost, bindHost, filer, identities, keyDir, lifecycleInterval, lifecycleDay, domainNames, externalUrl);
    }

    public S3Options withHosts(String bind, String advertised) {
        return new S3Options(port, advertised, bind, filer, identities, keyDir, lifecycleInterval, lifecycleDay, domainNames, externalUrl);
    }

    public S3Options withFiler(String f) {
        return new S3Options(port, advertisedHost, bindHost, f, identities, keyDir, lifecycleInterval, lifecycleDay, domainNames, externalUrl);
    }

    /** Identities from {@code file}; null: the generated key pair in {@link #keyDir}. */
    public S3Options withIdentities(Path file) {
        return new S3Options(port, advertisedHost, bindHost, filer, file, keyDir, lifecycleInterval, lifecycleDay, domainNames, externalUrl);
    }

    public S3Options withKeyDir(Path dir) {
        return new S3Options(port, advertisedHost, bindHost, filer, identities, dir, lifecycleInterval, lifecycleDay, domainNames, externalUrl);
    }

    public S3Options withLifecycleInterval(Duration interval) {
        return new S3Options(port, advertisedHost, bindHost, filer, identities, keyDir, interval, lifecycleDay, domainNames, externalUrl);
    }

    public S3Options withLifecycleDay(Duration day) {
        return new S3Options(port, advertisedHost, bindHost, filer, identities, keyDir, lifecycleInterval, day, domainNames, externalUrl);
    }

    public S3Options withDomainNames(String names) {
        return new S3Options(port, advertisedHost, bindHost, filer, identities, keyDir, lifecycleInterval, lifecycleDay,
                names, externalUrl);
    }

    public S3Options withExternalUrl(String url) {
        return new S3Options(port, advertisedHost, bindHost, filer, identities, keyDir, lifecycleInterval, lifecycleDay,
                domainNames, url);
    }
}
