package dev.dbrescue.core.deadlock.innodb;

import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.RecordField;

import java.util.ArrayList;
import java.util.List;

/**
 * A lock list: {@code *** (N) HOLDS THE LOCK(S):}, {@code *** (N) WAITING FOR THIS LOCK TO BE GRANTED:}, or
 * MariaDB's {@code *** CONFLICTING WITH:} (the locks in the way of the one waited for, each owned by the transaction
 * whose {@code trx id} it shows). Each record under a record lock becomes one {@link DeadlockLock} (a lock struct
 * covers a page, the report says which records on it); a lock printed without records is one lock on the page.
 */
final class LockSection implements SectionParser {

    enum Role { HOLDS, WAITING, CONFLICTING }

    private record Record(int heapNo, List<RecordDump.RawField> fields) {
    }

    private final DeadlockDraft draft;
    private final DeadlockDraft.Trx owner;
    private final Role role;
    private LockHeader header;
    private String partialHeader;
    private final List<Record> records = new ArrayList<>();

    LockSection(DeadlockDraft draft, DeadlockDraft.Trx owner, Role role) {
        this.draft = draft;
        this.owner = owner;
        this.role = role;
    }

    @Override
    public boolean accept(String line) {
        if (line.isBlank()) {
            return true;
        }
        if (partialHeader != null) {
            // Some copies wrap the header before "trx id" (seed 02's MySQL 8 excerpt).
            String joined = partialHeader + " " + line.strip();
            partialHeader = null;
            LockHeader h = LockHeader.parse(joined);
            if (h != null) {
                flush();
                header = h;
                return true;
            }
        }
        LockHeader h = LockHeader.parse(line);
        if (h != null) {
            flush();
            header = h;
            return true;
        }
        if ((line.startsWith("RECORD LOCKS ") || line.startsWith("TABLE LOCK ")) && !line.contains(" trx id ")) {
            partialHeader = line.strip();
            return true;
        }
        int heap = RecordDump.heapNo(line);
        if (heap >= 0) {
            records.add(new Record(heap, new ArrayList<>()));
            int bits = line.indexOf("info bits ");
            if (bits >= 0) {
                addFields(line.substring(bits));
            }
            return true;
        }
        if (RecordDump.isFieldLine(line)) {
            if (records.isEmpty()) {
                records.add(new Record(-1, new ArrayList<>()));
            }
            addFields(line);
            return true;
        }
        return line.startsWith("PHYSICAL RECORD") || line.startsWith("DATA TUPLE");
    }

    private void addFields(String text) {
        RecordDump.fields(text, records.get(records.size() - 1).fields()::add);
    }

    @Override
    public void close() {
        flush();
    }

    private void flush() {
        if (header == null) {
            records.clear();
            return;
        }
        List<DeadlockLock> locks = new ArrayList<>();
        String suffix = header.partition() == null ? "" : " partition " + header.partition();
        if (records.isEmpty() || header.object() == null) {
            String object = header.object() == null ? (suffix.isEmpty() ? null : suffix.strip()) : header.object() + suffix;
            locks.add(new DeadlockLock(header.table(), header.index(), header.mode(), header.kind(), false, object,
                    List.of()));
        } else {
            boolean clustered = "PRIMARY".equals(header.index()) || "GEN_CLUST_INDEX".equals(header.index());
            for (Record r : records) {
                boolean supremum = r.heapNo() == 1 || RecordDump.isSupremum(r.fields());
                List<RecordField> fields = supremum ? List.of() : RecordDump.decode(r.fields(), clustered);
                String object = header.object() + (r.heapNo() >= 0 ? " heap no " + r.heapNo() : "") + suffix;
                locks.add(new DeadlockLock(header.table(), header.index(), header.mode(), header.kind(), supremum,
                        object, fields));
            }
        }
        switch (role) {
            case HOLDS -> owner.holds.addAll(locks);
            case WAITING -> {
                // A waiting record lock has one record: the one it waits for.
                if (owner.waitingFor == null) {
                    owner.waitingFor = locks.get(0);
                }
            }
            case CONFLICTING -> locks.forEach(l -> draft.conflicting.add(new DeadlockDraft.Held(header.trxId(), l)));
        }
        header = null;
        records.clear();
    }
}
