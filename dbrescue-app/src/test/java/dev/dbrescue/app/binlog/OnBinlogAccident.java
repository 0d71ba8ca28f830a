package dev.dbrescue.app.binlog;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The ITs that work on seed 01's accident ({@link BinlogAccident}): one MariaDB with binary logging per test class,
 * produced before its tests and removed after them (test classes run one after another).
 */
abstract class OnBinlogAccident {

    static BinlogAccident accident;

    @TempDir
    Path dir;

    @BeforeAll
    static void produceTheAccident() throws Exception {
        accident = BinlogAccident.produce();
    }

    @AfterAll
    static void removeTheServer() {
        if (accident != null) {
            accident.close();
            accident = null;
        }
    }
}
