package dev.dbrescue.binlog.tx;

import dev.dbrescue.binlog.event.Gtid;
import dev.dbrescue.binlog.event.MariaDbCompression;
import dev.dbrescue.binlog.event.QueryEvent;
import dev.dbrescue.binlog.event.TableMap;
import dev.dbrescue.binlog.read.BinlogFileReader;
import dev.dbrescue.binlog.read.BinlogFormatException;
import dev.dbrescue.binlog.read.EventTypes;
import dev.dbrescue.binlog.read.RawEvent;
import dev.dbrescue.binlog.read.TransactionPayload;
import dev.dbrescue.binlog.rows.RowsEvent;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.render.Texts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first pass: reads binlog files in order and hands each transaction to a listener. Memory is one event, the
 * table maps of the current file and the open transaction's per-table counters, whatever the size of the files.
 * Everything it cannot interpret safely stops it with a {@link BinlogFormatException} naming the position.
 */
public final class TransactionScanner {

    public static final int MAX_STATEMENT = 200;
    private static final RowsEvent.RowVisitor IGNORE_ROWS = (start, end) -> { };

    private final TransactionListener listener;
    private final Map<Long, TableMap> tables = new HashMap<>();
    private final Map<String, Gtid> lastGtidByDomain = new HashMap<>();
    private long sequence;
    /** The compressed transaction whose events are being read; null outside one. */
    private RawEvent payload;
    /** The file the last file read rotated to, by its ROTATE event; null when it did not end with one. */
    private String rotatedTo;

    // The open transaction.
    private boolean open;
    private boolean explicitBegin;
    private boolean standalone;
    private long start;
    private long time;
    private Gtid gtid;
    private String previousGtid;
    private Long threadId;
    private String statement;
    /** The statement the next rows events belong to (the last annotation). */
    private String current;
    private boolean fullImages;
    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private final Map<String, String> statements = new HashMap<>();

    public TransactionScanner(TransactionListener listener) {
        this.listener = listener;
    }

    public void scan(List<Path> files) {
        for (Path file : files) {
            scan(file);
        }
    }

    public void scan(Path path) {
        tables.clear();
        Path fileName = path.getFileName();
        if (rotatedTo != null && fileName != null && !rotatedTo.equals(fileName.toString())) {
            listener.warning(path.toString(), 0, "the file before it rotated to " + rotatedTo + ", not to this file:"
                    + " give the files in order and without gaps, or the positions and recovery plan do not follow");
        }
        rotatedTo = null;
        try (BinlogFileReader reader = BinlogFileReader.open(path)) {
            RawEvent event;
            boolean described = false;
            while ((event = reader.next()) != null) {
                if (!described && event.type() == EventTypes.FORMAT_DESCRIPTION) {
                    described = true;
                    listener.file(reader.name(), reader.serverVersion());
                }
                try {
                    accept(reader.name(), event);
                } catch (IOException | RuntimeException e) {
                    if (e instanceof DbRescueException refused) {
                        throw refused; // already names its position, or is the listener's own refusal
                    }
                    throw new BinlogFormatException(reader.name(), event.header().offset(), "cannot read event of"
                            + " type " + event.type() + ": " + e.getMessage(), e);
                }
            }
            if (open) {
                throw new BinlogFormatException(reader.name(), start, "the file ends inside the transaction that"
                        + " starts here (truncated, or copied while the server was writing it)");
            }
        }
    }

    private void accept(String file, RawEvent event) throws IOException {
        int type = event.type();
        long offset = offsetOf(event);
        byte[] body = event.body();
        if (EventTypes.isMariaDbCompressed(type)) {
            accept(file, MariaDbCompression.inflate(event));
            return;
        }
        switch (type) {
            case EventTypes.START_ENCRYPTION -> throw new BinlogFormatException(file, offset,
                    "encrypted binary log (encrypt_binlog=ON) cannot be read offline");
            case EventTypes.TRANSACTION_PAYLOAD -> payload(file, event);
            case EventTypes.MARIADB_GTID -> {
                Gtid id = Gtid.mariaDb(body, event.header().serverId());
                begin(file, offset, event, id);
                // MariaDB writes no BEGIN: its GTID event opens the transaction, XID or COMMIT closes it.
                explicitBegin = !id.standalone();
            }
            case EventTypes.GTID -> begin(file, offset, event, Gtid.mySql(body));
            case EventTypes.GTID_TAGGED -> begin(file, offset, event, Gtid.mySqlTagged(body));
            case EventTypes.ANONYMOUS_GTID -> begin(file, offset, event, null);
            case EventTypes.QUERY -> query(file, offset, event, QueryEvent.parse(body));
            case EventTypes.TABLE_MAP -> {
                TableMap map = TableMap.parse(body);
                tables.put(map.tableId(), map);
            }
            case EventTypes.ANNOTATE_ROWS -> annotate(new String(body, StandardCharsets.UTF_8));
            // MySQL ROWS_QUERY: one length byte (not to be trusted for long statements) then the text.
            case EventTypes.ROWS_QUERY -> annotate(new String(body, 1, body.length - 1, StandardCharsets.UTF_8));
            case EventTypes.XID, EventTypes.XA_PREPARE -> commit(file, endOf(event));
            // ROTATE: an 8-byte position, then the next file's name.
            case EventTypes.ROTATE -> rotatedTo = new String(body, 8, body.length - 8, StandardCharsets.UTF_8);
            default -> {
                if (EventTypes.isRows(type)) {
                    rows(file, event);
                }
            }
        }
    }

    /**
     * MySQL's compressed transaction: its events are read one by one from the compressed stream as if they were in
     * the file, all placed at the payload event (the positions a replay tool can stop at).
     */
    private void payload(String file, RawEvent event) throws IOException {
        payload = event;
        try (TransactionPayload inner = TransactionPayload.open(event.body())) {
            RawEvent e;
            while ((e = inner.next()) != null) {
                accept(file, e);
            }
        } finally {
            payload = null;
        }
    }

    private long offsetOf(RawEvent event) {
        return payload == null ? event.header().offset() : payload.header().offset();
    }

    private long endOf(RawEvent event) {
        return payload == null ? event.header().end() : payload.header().end();
    }

    private void begin(String file, long offset, RawEvent event, Gtid id) {
        if (open) {
            throw new BinlogFormatException(file, offset, "a new transaction starts before the one at " + start
                    + " committed");
        }
        open = true;
        explicitBegin = false;
        standalone = id != null && id.standalone();
        start = offset;
        time = event.header().timestamp();
        gtid = id;
        previousGtid = null;
        if (id != null) {
            String domain = domainOf(id);
            Gtid before = lastGtidByDomain.put(domain, id);
            previousGtid = before == null ? null : before.text();
        }
        threadId = null;
        statement = null;
        current = null;
        fullImages = true;
        counts.clear();
        statements.clear();
    }

    private static String domainOf(Gtid id) {
        int colon = id.text().lastIndexOf(':');
        return colon >= 0 ? id.text().substring(0, colon) : Long.toString(id.domain());
    }

    private void query(String file, long offset, RawEvent event, QueryEvent query) {
        QueryEvent.XaStep xa = query.xa();
        if (query.isBegin() || xa == QueryEvent.XaStep.START) {
            if (!open) {
                begin(file, offset, event, null);
            }
            explicitBegin = true;
            threadId = query.threadId();
            return;
        }
        if (open && (query.isSavepoint() || xa == QueryEvent.XaStep.END)) {
            return; // changes nothing by itself
        }
        if (xa == QueryEvent.XaStep.COMMIT || xa == QueryEvent.XaStep.ROLLBACK) {
            // The second phase, in a group of its own: the rows were in the group its XA PREPARE closed.
            if (!open) {
                begin(file, offset, event, null);
            }
            if (xa == QueryEvent.XaStep.ROLLBACK) {
                listener.warning(file, offset, "'" + Texts.cut(query.sql(), 80) + "': the rows of that XA transaction,"
                        + " logged before its XA PREPARE earlier, were not applied; leave them out of a flashback");
            }
            commit(file, endOf(event));
            return;
        }
        if (query.isCommitOrRollback() && open) {
            commit(file, endOf(event));
            return;
        }
        if (!open) {
            // A statement outside any transaction (old servers without GTID events): one transaction by itself.
            begin(file, offset, event, null);
        }
        if (threadId == null) {
            threadId = query.threadId();
        }
        StatementKind kind = query.isDml() ? StatementKind.STATEMENT_DML : StatementKind.DDL;
        String target = query.database().isEmpty() ? "(no database)" : query.database();
        annotate(query.sql());
        count(target, kind, 0);
        if (kind == StatementKind.DDL && query.startsTransaction()) {
            explicitBegin = true; // CREATE TABLE ... SELECT (MySQL 8.0.21+): its rows and XID follow
            return;
        }
        if (standalone || !explicitBegin) {
            commit(file, endOf(event));
        }
    }

    private void annotate(String text) {
        current = Texts.cut(StatementSecrets.masked(text), MAX_STATEMENT);
        if (statement == null) {
            statement = current;
        }
    }

    private void rows(String file, RawEvent event) {
        long offset = offsetOf(event);
        if (!open) {
            throw new BinlogFormatException(file, offset, "rows event outside a transaction");
        }
        RowsEvent rows = RowsEvent.parse(event.type(), event.body());
        TableMap map = tables.get(rows.tableId());
        if (map == null) {
            throw new BinlogFormatException(file, offset, "rows event for table id " + rows.tableId()
                    + " without its TABLE_MAP event (start reading at a transaction's first event)");
        }
        long n;
        try {
            n = rows.walk(event.body(), map, IGNORE_ROWS);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new BinlogFormatException(file, offset, "rows event of " + map.qualifiedName()
                    + " does not match its table map: " + e.getMessage(), e);
        }
        fullImages &= rows.fullImage();
        count(map.qualifiedName(), StatementKind.of(rows.kind()), n);
        if (payload == null) {
            listener.rowsEvent(file, offset, event.header().length(), rows, map);
        } else {
            listener.rowsEventInPayload(file, offset, payload.header().length(), event.header().offset(),
                    (int) event.header().length(), rows, map);
        }
    }

    private void count(String table, StatementKind kind, long rows) {
        if (current != null) {
            statements.putIfAbsent(table + '\n' + kind, current);
        }
        long[] perKind = counts.computeIfAbsent(table, t -> new long[StatementKind.values().length + 1]);
        perKind[kind.ordinal()] += rows;
        // The last slot marks which kinds occurred, so that a 0-row DDL still shows up.
        perKind[StatementKind.values().length] |= 1L << kind.ordinal();
    }

    private void commit(String file, long end) {
        if (!open) {
            return; // an XID after a statement that already closed itself cannot happen; ignore defensively
        }
        List<TableChange> changes = new ArrayList<>();
        StatementKind[] kinds = StatementKind.values();
        for (var entry : counts.entrySet()) {
            long seen = entry.getValue()[kinds.length];
            for (StatementKind kind : kinds) {
                if ((seen & (1L << kind.ordinal())) != 0) {
                    changes.add(new TableChange(entry.getKey(), kind, entry.getValue()[kind.ordinal()],
                            statements.get(entry.getKey() + '\n' + kind)));
                }
            }
        }
        open = false;
        sequence++;
        listener.transaction(new Transaction(sequence, file, start, end, time, gtid == null ? null : gtid.text(),
                previousGtid, threadId, List.copyOf(changes), statement, fullImages));
    }
}
