package dev.dbrescue.app.connections;

import dev.dbrescue.app.DbRescue;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the command line in this JVM, its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DbRescue.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }
}
