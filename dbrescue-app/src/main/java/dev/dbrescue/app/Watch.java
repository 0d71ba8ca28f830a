package dev.dbrescue.app;

import dev.dbrescue.core.render.OutputFormat;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * One sample of a diagnosis command, or with {@code --watch SECONDS} one after the other until Ctrl-C (which ends
 * the JVM) or an interrupt. A terminal gets text redrawn in place, anything else every sample after the other, a
 * blank line between. Samples stay at least 0.15 s apart whatever was asked: InnoDB refreshes its lock tables (and
 * INNODB_TRX) only after 0.1 s without readers, so faster polling would freeze them for everyone.
 */
final class Watch {

    static final long MINIMUM_PAUSE_MILLIS = 150;

    /** One sample, rendered; returns its exit code. */
    @FunctionalInterface
    interface Sample {
        int renderNext(PrintWriter out) throws IOException;
    }

    private Watch() {
    }

    /**
     * @param seconds the pause between samples; null for a single sample
     * @return the exit code of the last sample
     */
    static int run(Sample sample, Double seconds, OutputFormat format, PrintWriter out) throws IOException {
        if (seconds == null) {
            return sample.renderNext(out);
        }
        boolean redraw = System.console() != null && format == OutputFormat.TEXT;
        int exitCode = 0;
        while (!Thread.currentThread().isInterrupted()) {
            if (redraw) {
                out.print("\033[H\033[2J"); // cursor home, clear screen
            }
            exitCode = sample.renderNext(out);
            if (!redraw) {
                out.println();
            }
            out.flush();
            try {
                Thread.sleep(Math.max(MINIMUM_PAUSE_MILLIS, Math.round(seconds * 1000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return exitCode;
    }
}
