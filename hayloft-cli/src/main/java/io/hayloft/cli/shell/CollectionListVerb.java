package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import tools.jackson.databind.JsonNode;

/** {@code collection.list}: every collection with its volume and file counts and size. */
final class CollectionListVerb implements ShellVerb {
    @Override
    public String name() {
        return "collection.list";
    }

    @Override
    public String summary() {
        return "list the collections with their volumes, files and size";
    }

    @Override
    public String usage() {
        return "";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        args.allowOnly();
        JsonNode collections = session.masters().get(MasterApi.COLLECTION_LIST.query()).path("collections");
        session.out().printf("%-24s %8s %10s %16s%n", "COLLECTION", "VOLUMES", "FILES", "SIZE");
        for (JsonNode c : collections) {
            String name = c.path("name").asString("");
            session.out().printf("%-24s %8d %10d %16d%n", name.isEmpty() ? "(default)" : name,
                    c.path("volumes").asLong(), c.path("files").asLong(), c.path("size").asLong());
        }
        session.out().printf("%d collection(s)%n", collections.size());
    }
}
