package io.hayloft.cli.shell;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The shell's commands by name. Immutable after construction; thread-safe. */
public final class ShellRegistry {
    private final Map<String, ShellVerb> verbs = new TreeMap<>();

    private ShellRegistry(List<ShellVerb> all) {
        for (ShellVerb v : all) {
            if (verbs.put(v.name(), v) != null) {
                throw new IllegalStateException("two shell commands named " + v.name());
            }
        }
    }

    /** Every command Hayloft's shell has, {@code help} included. */
    public static ShellRegistry standard() {
        HelpVerb help = new HelpVerb();
        ShellRegistry registry = new ShellRegistry(List.of(help,
                new ClusterStatusVerb(), new ClusterCheckVerb(), new ClusterRaftPsVerb(), new ClusterRaftAddVerb(),
                new ClusterRaftRemoveVerb(),
                new VolumeListVerb(), new VolumeVacuumVerb(), new VolumeFixReplicationVerb(), new VolumeBalanceVerb(),
                new VolumeCheckDiskVerb(), new VolumeMoveVerb(), new VolumeMarkVerb(), new VolumeDeleteVerb(),
                new CollectionListVerb(), new CollectionDeleteVerb(), new EcEncodeVerb(), new EcRebuildVerb(), new EcDecodeVerb(),
                new EcBalanceVerb(), new EcCompactVerb(), new FilerPartitionListVerb(), new FilerPartitionMoveVerb(),
                new FsLsVerb(), new FsCatVerb(), new FsDuVerb(), new FsTreeVerb(), new FsMkdirVerb(), new FsRmVerb(),
                new FsMvVerb(), new FsPutVerb(), new FsGetVerb(), new FsCdVerb(), new FsPwdVerb()));
        help.attach(registry);
        return registry;
    }

    /** The command named {@code name}. */
    public Optional<ShellVerb> find(String name) {
        return Optional.ofNullable(verbs.get(name));
    }

    /** Every command, by name. */
    public Collection<ShellVerb> all() {
        return Collections.unmodifiableCollection(verbs.values());
    }

    /**
     * Runs one command line already split into words.
     *
     * @throws ShellUsageException for an unknown command or bad arguments
     */
    public void run(List<String> words, ShellSession session) {
        ShellVerb verb = find(words.getFirst()).orElseThrow(() -> new ShellUsageException(
                "unknown command '" + words.getFirst() + "'; 'help' lists them"));
        verb.run(verb.parse(words.subList(1, words.size())), session);
        session.out().flush();
    }
}
