package dev.dbrescue.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for loops that must end cleanly ({@code --watch}): a shutdown hook asks the loop to stop and waits, up to a
 * grace period, until it has finished what it was doing (the lines it writes, the kill it audits). Interrupting the
 * thread stops the loop too (tests). Close it when the loop ends.
 */
public final class StopSignal implements AutoCloseable {

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    public StopSignal(String name, Duration grace) {
        this.hook = new Thread(() -> {
            stop.countDown();
            try {
                done.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** True once Ctrl-C was pressed or the thread interrupted. */
    public boolean stopping() {
        return stop.getCount() == 0 || Thread.currentThread().isInterrupted();
    }

    /** Waits up to {@code pause}; true when the loop must stop. */
    public boolean await(Duration pause) {
        try {
            return stop.await(pause.toMillis(), TimeUnit.MILLISECONDS) || Thread.currentThread().isInterrupted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and returns now that the loop is done
        }
    }
}
