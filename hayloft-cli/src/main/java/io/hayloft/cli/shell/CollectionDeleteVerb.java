package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import java.util.List;

/**
 * {@code collection.delete -collection NAME [-apply]} or {@code collection.delete -default [-apply]}:
 * deletes a collection, every volume of it on every server; the default (unnamed) collection only
 * when named with {@code -default}, as the master asks ({@code collection=&default=true}). Without
 * {@code -apply} it lists the volumes that would go.
 */
final class CollectionDeleteVerb implements ShellVerb {
    @Override
    public String name() {
        return "collection.delete";
    }

    @Override
    public String summary() {
        return "delete a collection and all its volumes (dry run unless -apply)";
    }

    @Override
    public String usage() {
        return "-collection NAME | -default [-apply]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        args.allowOnly("collection", "default", "apply");
        boolean deleteDefault = args.flag("default");
        if (deleteDefault && args.value("collection").isPresent()) {
            throw new ShellUsageException("give -collection NAME or -default, not both");
        }
        String collection = deleteDefault ? "" : args.value("collection").orElseThrow(() -> new ShellUsageException(
                "-collection is required (or -default for the default collection)"));
        if (args.flag("apply")) {
            session.masters().post(MasterApi.COLLECTION_DELETE.query().param(MasterApi.COLLECTION, collection)
                    .flag(MasterApi.DEFAULT, deleteDefault));
            session.out().printf("deleted collection '%s'%n", collection);
            return;
        }
        List<VolumeTopology.Replicas> volumes = VolumeTopology.read(session.masters()).volumes().values().stream()
                .filter(v -> v.collection().equals(collection)).toList();
        if (volumes.isEmpty()) {
            session.out().printf("collection '%s' has no volumes; nothing would be deleted%n", collection);
            return;
        }
        session.out().printf("would delete collection '%s':%n", collection);
        for (VolumeTopology.Replicas v : volumes) {
            session.out().printf("  volume %d on %s%n", v.id(), String.join(", ", v.servers()));
        }
        session.out().printf("%d volume(s); add -apply to do it%n", volumes.size());
    }
}
