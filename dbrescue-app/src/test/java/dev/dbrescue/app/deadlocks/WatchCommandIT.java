package dev.dbrescue.app.deadlocks;

import dev.dbrescue.testkit.server.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The command's contract: exit codes, one-line errors, and a clean end of the endless loop. */
class WatchCommandIT {

    @TempDir
    Path dir;

    @Test
    void anUnreachableServerIsExitThreeInOneLine() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        WatchMariaDbIT.Run run = WatchMariaDbIT.dbrescue("deadlocks", "watch", "--once", "mysql://root:pw-secret-1@127.0.0.1:" + port);
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("127.0.0.1:" + port).doesNotContain("pw-secret-1");
    }

    @Test
    void badOptionsAreExitTwoOrSeven() {
        String uri = "mysql://root@127.0.0.1:1/test";
        WatchMariaDbIT.Run fast = WatchMariaDbIT.dbrescue("deadlocks", "watch", "--interval", "500ms", uri);
        assertThat(fast.exitCode()).isEqualTo(2);
        assertThat(fast.err()).contains("--interval must be at least 1s");
        WatchMariaDbIT.Run junk = WatchMariaDbIT.dbrescue("deadlocks", "watch", "--interval", "soon", uri);
        assertThat(junk.exitCode()).isEqualTo(2);
        WatchMariaDbIT.Run log = WatchMariaDbIT.dbrescue("deadlocks", "watch", "--server-log", dir.resolve("absent.log").toString(), uri);
        assertThat(log.exitCode()).isEqualTo(7);
        assertThat(log.err().strip().lines()).hasSize(1);
    }

    @Test
    void theLoopPollsUntilStoppedAndEndsCleanly() throws Exception {
        String uri = TestServers.mariadb().uri();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread watch = new Thread(() -> exit.set(dev.dbrescue.app.DbRescue.run(
                new String[]{"deadlocks", "watch", "--interval", "1s", uri}, new PrintWriter(out, true), new PrintWriter(err, true))));
        watch.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!err.toString().contains("polling") && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(2_500); // a few more polls
        assertThat(watch.isAlive()).as("watch runs until stopped; stderr: " + err).isTrue();
        watch.interrupt();
        watch.join(15_000);
        assertThat(watch.isAlive()).isFalse();
        assertThat(exit.get()).as(err.toString()).isZero();
        assertThat(err.toString()).contains("watching mariadb").contains("every 1 s").contains("stopped");
    }
}
