package io.hayloft.cli.simulate.cluster;

import io.hayloft.api.HayloftException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One scripted failure or recovery, at a time counted from the start of the load. Written {@code
 * TIME:ACTION[=ARG]}, several separated by commas: {@code 30s:kill-servers=5}, {@code
 * 60s:kill-rack=rack3}, {@code 90s:revive-servers}, {@code 2m:kill-leader}, {@code 150s:revive-masters}.
 *
 * @param at       when, from the start of the load
 * @param action   what
 * @param argument the number of servers or the rack name; empty when the action takes none
 */
public record ScriptedEvent(Duration at, Action action, String argument) {
    /** What an event does. */
    public enum Action {
        /** Stops {@code N} random live servers: no beats, no answers. */
        KILL_SERVERS("kill-servers", true),
        /** Stops every server of a rack. */
        KILL_RACK("kill-rack", true),
        /** Revives every stopped server, as restarted processes (full reports numbered from 1). */
        REVIVE_SERVERS("revive-servers", false),
        /** Kills the leader master's process ({@code kill -9}). */
        KILL_LEADER("kill-leader", false),
        /** Restarts every killed master on its state. */
        REVIVE_MASTERS("revive-masters", false);

        private final String spelling;
        private final boolean takesArgument;

        Action(String spelling, boolean takesArgument) {
            this.spelling = spelling;
            this.takesArgument = takesArgument;
        }

        /** How it is written in {@code -events}. */
        public String spelling() {
            return spelling;
        }
    }

    /**
     * Parses {@code -events}; empty text gives no events.
     *
     * @throws HayloftException {@code BAD_REQUEST} naming the bad event
     */
    public static List<ScriptedEvent> parseAll(String text) {
        List<ScriptedEvent> events = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return events;
        }
        for (String part : text.split(",")) {
            events.add(parse(part.trim()));
        }
        events.sort(java.util.Comparator.comparing(ScriptedEvent::at));
        return events;
    }

    /** Parses one {@code TIME:ACTION[=ARG]}. */
    static ScriptedEvent parse(String text) {
        int colon = text.indexOf(':');
        HayloftException.checkArgument(colon > 0, "event '" + text + "' must read TIME:ACTION[=ARG], e.g. 30s:kill-servers=5");
        Duration at = duration(text.substring(0, colon), text);
        String rest = text.substring(colon + 1);
        int eq = rest.indexOf('=');
        String name = (eq < 0 ? rest : rest.substring(0, eq)).toLowerCase(Locale.ROOT);
        String arg = eq < 0 ? "" : rest.substring(eq + 1);
        for (Action a : Action.values()) {
            if (a.spelling.equals(name)) {
                HayloftException.checkArgument(a.takesArgument == !arg.isEmpty(), "event '" + text + "': "
                        + a.spelling + (a.takesArgument ? " needs =ARG" : " takes no argument"));
                if (a == Action.KILL_SERVERS) {
                    try {
                        HayloftException.checkArgument(Integer.parseInt(arg) > 0, "event '" + text
                                + "': kill-servers needs a positive count");
                    } catch (NumberFormatException e) {
                        throw HayloftException.badRequest("event '" + text + "': kill-servers needs a count");
                    }
                }
                return new ScriptedEvent(at, a, arg);
            }
        }
        throw HayloftException.badRequest("event '" + text + "': unknown action '" + name
                + "' (kill-servers=N, kill-rack=NAME, revive-servers, kill-leader, revive-masters)");
    }

    private static Duration duration(String t, String event) {
        try {
            String s = t.trim().toLowerCase(Locale.ROOT);
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            if (s.endsWith("s")) {
                return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            }
            if (s.endsWith("m")) {
                return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000));
            }
            return Duration.ofMillis((long) (Double.parseDouble(s) * 1000));
        } catch (NumberFormatException e) {
            throw HayloftException.badRequest("event '" + event + "': bad time '" + t + "' (e.g. 30s, 2m, 500ms)");
        }
    }

    @Override
    public String toString() {
        return at.toMillis() / 1000.0 + "s:" + action.spelling + (argument.isEmpty() ? "" : "=" + argument);
    }
}
