package dev.dbrescue.core.deadlock.innodb;

/**
 * Identifiers as InnoDB prints them: {@code `db`.`t`} (backticks doubled inside), {@code "db"."t"} under
 * ANSI_QUOTES, {@code `db/t`} in MySQL 5.0 (the table's file name), and bare names ({@code index PRIMARY} in MariaDB
 * and MySQL 8). Tables come out as {@code schema.table}, unquoted.
 */
final class Names {

    private Names() {
    }

    /** Reads names from a position of a line. */
    static final class Cursor {
        private final String line;
        private int pos;

        Cursor(String line, int pos) {
            this.line = line;
            this.pos = pos;
        }

        int position() {
            return pos;
        }

        boolean skip(String text) {
            if (line.startsWith(text, pos)) {
                pos += text.length();
                return true;
            }
            return false;
        }

        /** One identifier, quoted or bare (bare ends at a space or a dot). */
        String name() {
            if (pos >= line.length()) {
                return null;
            }
            char q = line.charAt(pos);
            if (q == '`' || q == '"') {
                StringBuilder name = new StringBuilder();
                int i = pos + 1;
                while (i < line.length()) {
                    char c = line.charAt(i);
                    if (c == q) {
                        if (i + 1 < line.length() && line.charAt(i + 1) == q) {
                            name.append(q);
                            i += 2;
                            continue;
                        }
                        pos = i + 1;
                        return name.toString();
                    }
                    name.append(c);
                    i++;
                }
                return null;
            }
            int i = pos;
            while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '.') {
                i++;
            }
            if (i == pos) {
                return null;
            }
            String name = line.substring(pos, i);
            pos = i;
            return name;
        }

        /** {@code schema.table} from {@code `s`.`t`}, {@code "s"."t"}, {@code `s/t`} or {@code s.t}. */
        String qualifiedName() {
            String first = name();
            if (first == null) {
                return null;
            }
            if (pos < line.length() && line.charAt(pos) == '.') {
                pos++;
                String second = name();
                return second == null ? null : first + "." + second;
            }
            int slash = first.indexOf('/');
            return slash > 0 ? first.substring(0, slash) + "." + first.substring(slash + 1) : first;
        }

        /** MySQL 5.7+ prints the partition after the table: {@code  /* Partition `p1` *}{@code /}. */
        String partitionComment() {
            if (!line.startsWith(" /* Partition ", pos)) {
                return null;
            }
            int end = line.indexOf(" */", pos);
            if (end < 0) {
                return null;
            }
            Cursor c = new Cursor(line, pos + " /* Partition ".length());
            String partition = c.name();
            pos = end + 3;
            return partition;
        }
    }
}
