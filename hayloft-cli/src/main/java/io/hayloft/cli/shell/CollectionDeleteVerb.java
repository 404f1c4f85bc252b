package io.hayloft.cli.shell;

import java.util.List;

/**
 * {@code collection.delete -collection NAME [-apply]}: deletes a collection, every volume of it on
 * every server. Without {@code -apply} it lists the volumes that would go.
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
        return "-collection NAME [-apply]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        args.allowOnly("collection", "apply");
        String collection = args.required("collection");
        if (args.flag("apply")) {
            session.masters().post(ShellQuery.path("/col/delete").param("collection", collection).toString());
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
