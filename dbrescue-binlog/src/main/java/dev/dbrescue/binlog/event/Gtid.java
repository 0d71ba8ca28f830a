package dev.dbrescue.binlog.event;

import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.MySqlGtid;
import com.github.shyiko.mysql.binlog.event.deserialization.GtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.GtidTaggedEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.MariadbGtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

import java.io.IOException;

/**
 * A transaction's global id, as the replay tools take it: MariaDB {@code domain-server-sequence}, MySQL
 * {@code uuid:number}.
 *
 * @param standalone MariaDB FL_STANDALONE: a single-statement transaction (DDL) with no XID or COMMIT after it
 */
public record Gtid(String text, long domain, long sequence, boolean standalone) {

    private static final int FL_STANDALONE = 1;

    /** MariaDB's GTID event; the server id is in the event header (the library leaves it 0). */
    public static Gtid mariaDb(byte[] body, long serverId) throws IOException {
        MariadbGtidEventData data = new MariadbGtidEventDataDeserializer().deserialize(new ByteArrayInputStream(body));
        return new Gtid(data.getDomainId() + "-" + serverId + "-" + data.getSequence(), data.getDomainId(),
                data.getSequence(), (data.getFlags() & FL_STANDALONE) != 0);
    }

    /** MySQL's GTID event; null for an anonymous one (gtid_mode=OFF). */
    public static Gtid mySql(byte[] body) throws IOException {
        GtidEventData data = new GtidEventDataDeserializer().deserialize(new ByteArrayInputStream(body));
        return mySql(data.getMySqlGtid());
    }

    /** MySQL 8.4's tagged GTID event ({@code uuid:tag:n}), which has its own layout. */
    public static Gtid mySqlTagged(byte[] body) throws IOException {
        return mySql(new GtidTaggedEventDataDeserializer().deserialize(new ByteArrayInputStream(body)).getMySqlGtid());
    }

    private static Gtid mySql(MySqlGtid gtid) {
        if (gtid == null || gtid.getServerId() == null || gtid.getTransactionId() <= 0) {
            return null;
        }
        return new Gtid(gtid.toString(), 0, gtid.getTransactionId(), false);
    }
}
