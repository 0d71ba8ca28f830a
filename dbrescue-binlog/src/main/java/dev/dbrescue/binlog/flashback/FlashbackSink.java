package dev.dbrescue.binlog.flashback;

import java.io.IOException;

/** Where generated statements go: a script ({@link FlashbackWriter}) or a server ({@link FlashbackApply}). */
public interface FlashbackSink {

    void begin(SelectedTransaction transaction) throws IOException;

    void statement(FlashbackStatement statement) throws IOException;

    void commit(SelectedTransaction transaction) throws IOException;
}
