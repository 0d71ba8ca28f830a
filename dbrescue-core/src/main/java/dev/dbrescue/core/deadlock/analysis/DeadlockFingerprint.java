package dev.dbrescue.core.deadlock.analysis;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Two fingerprints. {@link #identity} is the same for the same deadlock however often it is read (a status polled
 * twice, a log tailed after a restart): it hashes the time and the participants' ids and statements, so
 * {@code deadlocks watch} records each deadlock once. {@link #shape} is the same for every deadlock of the same
 * kind between the same statements, for {@code deadlocks report}.
 */
public final class DeadlockFingerprint {

    /**
     * One digest per thread, reused: {@code MessageDigest.getInstance} looks the algorithm up among the security
     * providers on every call, which cost more than hashing these short texts (two per deadlock).
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    private DeadlockFingerprint() {
    }

    public static String identity(Deadlock d) {
        StringBuilder s = new StringBuilder(256).append(d.engine().jsonName()).append('|').append(d.timeText());
        for (DeadlockTransaction t : d.transactions()) {
            s.append('|').append(t.trxId()).append('/').append(t.threadId()).append('/').append(t.query());
        }
        return hash(s.toString());
    }

    public static String shape(Deadlock d, DeadlockPattern pattern) {
        StringBuilder s = new StringBuilder(256).append(d.engine().jsonName()).append('|').append(pattern.jsonName());
        String[] parts = new String[d.transactions().size()];
        for (int i = 0; i < parts.length; i++) {
            DeadlockTransaction t = d.transactions().get(i);
            parts[i] = QueryFingerprint.of(t.query()) + "@" + lockKey(t.waitingFor());
        }
        Arrays.sort(parts);
        for (String part : parts) {
            s.append('|').append(part);
        }
        return hash(s.toString());
    }

    private static String lockKey(DeadlockLock lock) {
        return lock == null ? "-" : lock.table() + "." + lock.index() + ":" + lock.mode() + ":" + lock.kind();
    }

    private static String hash(String text) {
        byte[] digest = SHA_256.get().digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
    }
}
