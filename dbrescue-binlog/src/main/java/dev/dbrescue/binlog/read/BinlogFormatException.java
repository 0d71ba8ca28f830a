package dev.dbrescue.binlog.read;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;

/**
 * A file that cannot be read as a binary log, or holds something we refuse to interpret: always exit code 7, and the
 * message names the file and the byte offset, so the user can look at the spot with {@code mariadb-binlog}.
 */
public final class BinlogFormatException extends DbRescueException {

    public BinlogFormatException(String file, long position, String what) {
        super(ErrorCode.BAD_INPUT, file + " at position " + position + ": " + what);
    }

    public BinlogFormatException(String file, long position, String what, Throwable cause) {
        super(ErrorCode.BAD_INPUT, file + " at position " + position + ": " + what, cause);
    }
}
