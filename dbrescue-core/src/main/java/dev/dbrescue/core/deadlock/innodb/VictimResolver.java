package dev.dbrescue.core.deadlock.innodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which transaction the server rolled back. MySQL's {@code *** WE ROLL BACK TRANSACTION (N)} is right. MariaDB's is
 * not always:
 * <ul>
 *   <li>10.6.0 to 10.6.8 and 10.7/10.8 before the fix print {@code (0)} (MDEV-29187,
 *       https://jira.mariadb.org/browse/MDEV-29187);</li>
 *   <li>when the lightest transactions tie, MariaDB rolls back the one that ran into the deadlock but prints the
 *       first of the tied ones. Seen on 10.11.5 (fixtures/captured/mariadb-10.11, three-way tie: it printed (1),
 *       the client of (3) got error 1213); MDEV-37977 (https://jira.mariadb.org/browse/MDEV-37977) is the report of
 *       the wrong number.</li>
 * </ul>
 * InnoDB picks the lightest transaction, weighing {@code TRX_WEIGHT} = undo entries + lock structs (both in the
 * report), and the one that ran into the deadlock is named by the error log line's thread id or by the thread handle
 * on the report's heading. For {@code (0)} in a status output, the TRANSACTIONS section that follows says it best:
 * the victim's transaction id is gone from it while the others are still there.
 */
final class VictimResolver {

    /** The index of the victim in the report's order (null: unknown) and a warning about it (or null). */
    record Decision(Integer index, String warning) {
    }

    private VictimResolver() {
    }

    /**
     * @param present the transaction ids listed in the TRANSACTIONS section after the report, or null when there is
     *                none (error logs) or it was not read
     */
    static Decision decide(DeadlockDraft d, boolean mariaDb, Set<String> present) {
        int n = d.transactions.size();
        if (n == 0) {
            return new Decision(null, null);
        }
        Integer printed = d.victimNumber;
        if (printed == null) {
            // TOO DEEP: "WE WILL ROLL BACK FOLLOWING TRANSACTION", and that is the only one printed.
            return new Decision(d.tooDeep ? n - 1 : null, null);
        }
        if (printed >= 1 && printed <= n) {
            int index = printed - 1;
            if (mariaDb) {
                int requester = requester(d);
                Long w = d.transactions.get(index).weight();
                if (requester >= 0 && requester != index && w != null
                        && w.equals(d.transactions.get(requester).weight())) {
                    return new Decision(requester, "MariaDB printed WE ROLL BACK TRANSACTION (" + printed
                            + ") but, the weights being equal, rolled back (" + (requester + 1)
                            + "), the transaction that ran into the deadlock (MDEV-37977); taken as the victim");
                }
            }
            return new Decision(index, null);
        }
        if (mariaDb && printed == 0) {
            Integer named = fromTransactionsSection(d, present);
            if (named == null) {
                named = byWeight(d);
            }
            if (named != null) {
                return new Decision(named, null);
            }
            return new Decision(null, "MariaDB printed the victim as (0) (MDEV-29187) and the report does not tell"
                    + " which transaction was rolled back; victim left unknown");
        }
        return new Decision(null, "the report names transaction (" + printed + ") as the victim but lists " + n
                + "; victim left unknown");
    }

    /** The transaction that ran into the deadlock, or -1. */
    private static int requester(DeadlockDraft d) {
        for (int i = 0; i < d.transactions.size(); i++) {
            DeadlockDraft.Trx t = d.transactions.get(i);
            if (d.requesterThread != null && d.requesterThread.equals(t.threadId)
                    || d.requesterHandle != null && d.requesterHandle.equals(t.osHandle)) {
                return i;
            }
        }
        return -1;
    }

    private static Integer fromTransactionsSection(DeadlockDraft d, Set<String> present) {
        if (present == null || d.transactions.size() < 2) {
            return null;
        }
        List<Integer> gone = new ArrayList<>();
        for (int i = 0; i < d.transactions.size(); i++) {
            if (!present.contains(d.transactions.get(i).trxId)) {
                gone.add(i);
            }
        }
        return gone.size() == 1 ? gone.get(0) : null;
    }

    /** The lightest transaction; on a tie, the one that ran into the deadlock if it is among the lightest. */
    private static Integer byWeight(DeadlockDraft d) {
        long min = Long.MAX_VALUE;
        for (DeadlockDraft.Trx t : d.transactions) {
            Long w = t.weight();
            if (w == null) {
                return null;
            }
            min = Math.min(min, w);
        }
        List<Integer> lightest = new ArrayList<>();
        for (int i = 0; i < d.transactions.size(); i++) {
            if (d.transactions.get(i).weight() == min) {
                lightest.add(i);
            }
        }
        if (lightest.size() == 1) {
            return lightest.get(0);
        }
        int requester = requester(d);
        return lightest.contains(requester) ? requester : null;
    }
}
