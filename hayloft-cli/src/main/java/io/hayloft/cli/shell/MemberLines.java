package io.hayloft.cli.shell;

import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;

/** Prints a membership answer ({@code {"Members":[{Id,Address,RaftAddress}]}}), one master a line. */
final class MemberLines {
    private MemberLines() {
    }

    static void print(JsonNode answer, PrintWriter out) {
        for (JsonNode m : answer.get("Members")) {
            out.printf("  %-24s %-22s raft %s%n", m.get("Id").asString(), m.get("Address").asString(),
                    m.get("RaftAddress").asString());
        }
    }
}
