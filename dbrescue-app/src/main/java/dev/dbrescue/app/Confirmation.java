package dev.dbrescue.app;

import java.io.Console;

/**
 * Asks the person at the terminal before anything is ended. Only a typed {@code yes} goes ahead. Without a terminal
 * (a pipe, cron, CI) nobody can answer: {@code --execute} then needs {@code --yes}.
 */
public interface Confirmation {

    /** True when there is someone to ask. */
    boolean available();

    /** Asks; true only for the answer {@code yes}. */
    boolean confirm(String question);

    /** The terminal, read through {@link System#console()}: never standard input, which may be a script. */
    static Confirmation terminal() {
        return new Confirmation() {
            @Override
            public boolean available() {
                return System.console() != null;
            }

            @Override
            public boolean confirm(String question) {
                Console console = System.console();
                if (console == null) {
                    return false;
                }
                String answer = console.readLine("%s Type yes to go on: ", question);
                return answer != null && answer.strip().equalsIgnoreCase("yes");
            }
        };
    }
}
