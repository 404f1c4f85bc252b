package io.hayloft.s3.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.hayloft.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's users, looked up by access key. Loaded from a JSON file in SeaweedFS's {@code s3.json}
 * format, so one file serves both:
 * <pre>
 * {"identities": [
 *   {"name": "admin",  "credentials": [{"accessKey": "AK1", "secretKey": "SK1"}], "actions": ["Admin"]},
 *   {"name": "reader", "credentials": [{"accessKey": "AK2", "secretKey": "SK2"}],
 *    "actions": ["Read:photos", "List:photos"]},
 *   {"name": "anonymous", "actions": ["Read:public"]},
 *   {"name": "tenant", "credentials": [...], "actions": ["Admin"], "ownBucketsOnly": true}
 * ]}
 * </pre>
 * {@code ownBucketsOnly} makes an identity like an AWS account of its own: its grants for every bucket apply
 * to the buckets it owns, and others' buckets it reaches through their ACLs and policies only.
 * An identity named {@code anonymous} (no credentials) grants what unsigned requests may do; without
 * one, every unsigned request is refused. Immutable and thread-safe.
 */
public final class Identities {
    private final Map<String, Match> byAccessKey;
    private final Identity anonymous;

    /** An identity and the credential of it an access key named. */
    public record Match(Identity identity, Identity.Credential credential) {
    }

    record CredentialJson(@JsonProperty("accessKey") String accessKey, @JsonProperty("secretKey") String secretKey) {
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record IdentityJson(@JsonProperty("name") String name, @JsonProperty("credentials") List<CredentialJson> credentials,
                        @JsonProperty("actions") List<String> actions,
                        @JsonProperty("ownBucketsOnly") Boolean ownBucketsOnly) {
    }

    record FileJson(@JsonProperty("identities") List<IdentityJson> identities) {
    }

    private Identities(Map<String, Match> byAccessKey, Identity anonymous) {
        this.byAccessKey = Map.copyOf(byAccessKey);
        this.anonymous = anonymous;
    }

    /**
     * Indexes {@code identities} by access key.
     *
     * @throws IllegalArgumentException when two credentials share an access key, or the anonymous
     *                                  identity has credentials
     */
    public static Identities of(List<Identity> identities) {
        Map<String, Match> keys = new HashMap<>();
        Identity anonymous = null;
        for (Identity id : identities) {
            if (id.name().equals(Identity.ANONYMOUS)) {
                if (!id.credentials().isEmpty()) {
                    throw new IllegalArgumentException("the anonymous identity cannot have credentials");
                }
                anonymous = id;
            }
            for (Identity.Credential c : id.credentials()) {
                if (keys.putIfAbsent(c.accessKey(), new Match(id, c)) != null) {
                    throw new IllegalArgumentException("access key " + c.accessKey() + " is given to two identities");
                }
            }
        }
        return new Identities(keys, anonymous);
    }

    /**
     * Reads {@code file}.
     *
     * @throws IllegalArgumentException when it is not valid JSON of this format (the message names the problem)
     * @throws UncheckedIOException     when it cannot be read
     */
    public static Identities load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read S3 identities from " + file + ": " + e.getMessage(), e);
        }
        FileJson json;
        try {
            json = Json.MAPPER.readValue(bytes, FileJson.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not an S3 identities file: " + e.getMessage(), e);
        }
        if (json == null || json.identities() == null) {
            throw new IllegalArgumentException(file + " has no \"identities\" list");
        }
        List<Identity> out = new ArrayList<>();
        for (IdentityJson ij : json.identities()) {
            List<Identity.Credential> creds = ij.credentials() == null ? List.of()
                    : ij.credentials().stream().map(c -> new Identity.Credential(c.accessKey(), c.secretKey())).toList();
            List<Grant> grants = ij.actions() == null ? List.of() : ij.actions().stream().map(Grant::parse).toList();
            out.add(new Identity(ij.name(), creds, grants, Boolean.TRUE.equals(ij.ownBucketsOnly())));
        }
        return of(out);
    }

    /** Writes {@code identities} to {@code file} in the format {@link #load} reads. */
    public static void write(Path file, List<Identity> identities) throws IOException {
        List<IdentityJson> out = identities.stream().map(i -> new IdentityJson(i.name(),
                i.credentials().stream().map(c -> new CredentialJson(c.accessKey(), c.secretKey())).toList(),
                i.grants().stream().map(Grant::toString).toList(), i.ownBucketsOnly() ? Boolean.TRUE : null)).toList();
        Files.write(file, Json.write(new FileJson(out), true));
    }

    /** The identity holding {@code accessKey}, with that credential, or empty. */
    public Optional<Match> find(String accessKey) {
        return Optional.ofNullable(byAccessKey.get(accessKey));
    }

    /** What unsigned requests may do: the {@code anonymous} identity, or empty (they may do nothing). */
    public Optional<Identity> anonymous() {
        return Optional.ofNullable(anonymous);
    }

    /** True when an identity with credentials is named {@code name} (an ACL may grant it access). */
    public boolean named(String name) {
        return byAccessKey.values().stream().anyMatch(m -> m.identity().name().equals(name));
    }

    /** How many access keys are known. */
    public int size() {
        return byAccessKey.size();
    }
}
