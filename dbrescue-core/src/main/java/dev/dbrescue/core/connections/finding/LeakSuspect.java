package dev.dbrescue.core.connections.finding;

import dev.dbrescue.core.connections.Dimension;
import dev.dbrescue.core.model.Session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A client host, or else an application, holding many connections idle for long (seed 01: 150 Sleep sessions
 * averaging 300 s, "many Sleep = a connection leak").
 *
 * @param dimension {@link Dimension#HOST} or {@link Dimension#APPLICATION}
 * @param longIdle  its sessions idle outside a transaction for {@code --long-idle} or more
 * @param total     all its sessions, in any state
 */
record LeakSuspect(Dimension dimension, String name, List<Session> longIdle, int total) {

    /**
     * Hosts first: one application server is where a leak lives. Then applications, over the long-idle sessions no
     * host suspect took, for an application spread thinly over many hosts. Largest first.
     */
    static List<LeakSuspect> find(ConnectionsContext context) {
        double threshold = context.options().longIdle().toMillis() / 1000.0;
        List<Session> all = context.sessions();
        List<Session> longIdle = all.stream()
                .filter(s -> ConnectionsContext.idle(s) && s.idleSeconds() != null && s.idleSeconds() >= threshold).toList();
        List<LeakSuspect> suspects = new ArrayList<>(suspects(Dimension.HOST, longIdle, all, context.options().leakSessions()));
        Set<Long> taken = new HashSet<>();
        suspects.forEach(s -> s.longIdle().forEach(x -> taken.add(x.id())));
        List<Session> rest = longIdle.stream().filter(s -> !taken.contains(s.id())).toList();
        suspects.addAll(suspects(Dimension.APPLICATION, rest, all, context.options().leakSessions()));
        suspects.sort(Comparator.comparingInt((LeakSuspect s) -> s.longIdle().size()).reversed());
        return suspects;
    }

    private static List<LeakSuspect> suspects(Dimension dimension, List<Session> longIdle, List<Session> all, int minimum) {
        Map<String, List<Session>> byName = new LinkedHashMap<>();
        for (Session s : longIdle) {
            String name = dimension.of(s);
            if (name != null) {
                byName.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
            }
        }
        List<LeakSuspect> found = new ArrayList<>();
        byName.forEach((name, sessions) -> {
            if (sessions.size() >= minimum) {
                int total = (int) all.stream().filter(s -> name.equals(dimension.of(s))).count();
                found.add(new LeakSuspect(dimension, name, sessions, total));
            }
        });
        return found;
    }

    /** The one user all its long-idle sessions share, else null. */
    String singleUser() {
        Set<String> users = new HashSet<>();
        longIdle.forEach(s -> users.add(s.user()));
        return users.size() == 1 ? users.iterator().next() : null;
    }
}
