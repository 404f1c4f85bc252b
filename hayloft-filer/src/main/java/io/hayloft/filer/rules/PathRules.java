package io.hayloft.filer.rules;

import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.filer.entry.FullPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An immutable set of {@link PathRule}s; for a path, the rule with the longest covering prefix wins.
 *
 * <p><b>File format</b> ({@code hayloft filer -config filer-rules.json}), JSON, UTF-8:
 * <pre>
 * {
 *   "rules": [
 *     {"prefix": "/pictures/", "collection": "pictures"},
 *     {"prefix": "/backup",    "replication": "001", "ttl": "30d", "maxMB": 4}
 *   ]
 * }
 * </pre>
 * <ul>
 *   <li>{@code prefix} (required): a directory path; a trailing {@code /} is optional. The rule covers
 *       that directory and everything below it, by whole names ({@code /pictures} does not cover
 *       {@code /picturesque}).</li>
 *   <li>{@code collection}, {@code replication} (as {@code XYZ}), {@code ttl} (as {@code 3d}),
 *       {@code maxMB} (chunk size in MiB, 1..256): each optional; an absent one falls through to the
 *       filer's default, never to a shorter prefix's rule.</li>
 * </ul>
 * Unknown keys, duplicate prefixes and malformed values are rejected when the file is loaded, so a
 * typo never silently writes data into the wrong collection. Thread-safe (immutable).
 */
public final class PathRules {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> TOP_KEYS = Set.of("rules");
    private static final Set<String> RULE_KEYS = Set.of("prefix", "collection", "replication", "ttl", "maxMB");
    private static final PathRules NONE = new PathRules(List.of());

    /** Longest prefix first. */
    private final List<PathRule> rules;

    private PathRules(List<PathRule> rules) {
        List<PathRule> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparingInt((PathRule r) -> r.prefix().toString().length()).reversed());
        this.rules = List.copyOf(sorted);
    }

    /** No rules: every path gets the filer's defaults. */
    public static PathRules none() {
        return NONE;
    }

    /**
     * A rule set from rules built in code.
     *
     * @throws HayloftException BAD_REQUEST when two rules have the same prefix
     */
    public static PathRules of(List<PathRule> rules) {
        Set<FullPath> seen = new HashSet<>();
        for (PathRule r : rules) {
            HayloftException.checkArgument(seen.add(r.prefix()), "two rules for prefix " + r.prefix());
        }
        return new PathRules(rules);
    }

    /**
     * Reads a rules file (format above).
     *
     * @throws HayloftException BAD_REQUEST naming the file and the problem when it cannot be read or is invalid
     */
    public static PathRules load(Path file) {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw HayloftException.badRequest("cannot read path rules " + file + ": " + e.getMessage());
        } catch (HayloftException e) {
            throw HayloftException.badRequest("path rules " + file + ": " + e.getMessage());
        }
    }

    /**
     * Parses the JSON format above.
     *
     * @throws HayloftException BAD_REQUEST on malformed JSON, unknown keys, duplicate prefixes or bad values
     */
    public static PathRules parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw HayloftException.badRequest("not valid JSON: " + e.getOriginalMessage());
        }
        HayloftException.checkArgument(root != null && root.isObject(), "expected a JSON object with \"rules\"");
        onlyKeys(root, TOP_KEYS, "the top level");
        JsonNode list = root.path("rules");
        HayloftException.checkArgument(list.isArray(), "\"rules\" must be an array");
        List<PathRule> rules = new ArrayList<>();
        for (JsonNode r : list) {
            rules.add(rule(r));
        }
        return of(rules);
    }

    private static PathRule rule(JsonNode r) {
        HayloftException.checkArgument(r.isObject(), "each rule must be a JSON object");
        onlyKeys(r, RULE_KEYS, "a rule");
        String prefix = text(r, "prefix");
        HayloftException.checkArgument(!prefix.isEmpty(), "each rule needs a \"prefix\"");
        String replication = text(r, "replication");
        String ttl = text(r, "ttl");
        int maxMb = 0;
        if (r.has("maxMB")) {
            JsonNode mb = r.get("maxMB");
            HayloftException.checkArgument(mb.isIntegralNumber() && mb.asInt() >= 1
                            && mb.asInt() <= PathRule.MAX_CHUNK_SIZE >> 20,
                    "\"maxMB\" of " + prefix + " must be 1.." + (PathRule.MAX_CHUNK_SIZE >> 20));
            maxMb = mb.asInt();
        }
        return new PathRule(FullPath.parse(prefix), text(r, "collection"),
                replication.isEmpty() ? null : ReplicaPlacement.parse(replication),
                ttl.isEmpty() ? null : Ttl.parse(ttl), maxMb << 20);
    }

    private static String text(JsonNode r, String key) {
        JsonNode v = r.get(key);
        if (v == null || v.isNull()) {
            return "";
        }
        HayloftException.checkArgument(v.isString(), "\"" + key + "\" must be a string");
        return v.asString();
    }

    private static void onlyKeys(JsonNode node, Set<String> allowed, String where) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            HayloftException.checkArgument(allowed.contains(e.getKey()),
                    "unknown key \"" + e.getKey() + "\" in " + where + " (allowed: " + allowed + ")");
        }
    }

    /** The rule for {@code path}: the covering rule with the longest prefix, or one that sets nothing. */
    public PathRule match(FullPath path) {
        for (PathRule r : rules) {
            if (r.covers(path)) {
                return r;
            }
        }
        return PathRule.none(FullPath.root());
    }

    /** The rules, longest prefix first. */
    public List<PathRule> rules() {
        return rules;
    }
}
