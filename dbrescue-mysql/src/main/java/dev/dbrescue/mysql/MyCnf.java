package dev.dbrescue.mysql;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of a MySQL option file ({@code ~/.my.cnf}) that belong to the groups a client reads, as the
 * {@code mysql} client would see them: https://dev.mysql.com/doc/refman/8.0/en/option-files.html.
 *
 * <p>Handled: {@code [group]} headers, {@code #} and {@code ;} comment lines, {@code #} comments after a value,
 * values in single or double quotes (where {@code #} is not a comment), the escapes {@code \n \t \r \b \s \\},
 * option names with {@code -} or {@code _}, and a later value overriding an earlier one, whatever its group (the
 * client reads the file top to bottom). Not handled, on purpose: {@code !include} and {@code !includedir} (ignored:
 * dbrescue only reads the user's own file) and the obfuscated {@code ~/.mylogin.cnf}.
 */
final class MyCnf {

    /** The groups the mysql and mariadb command-line clients read. */
    static final Set<String> CLIENT_GROUPS = Set.of("client", "mysql", "client-server", "client-mariadb", "mariadb-client");

    private MyCnf() {
    }

    /** Options of the given groups, names lower case with {@code -} as separator; later lines win. */
    static Map<String, String> options(String text, Set<String> groups) {
        Map<String, String> options = new LinkedHashMap<>();
        boolean inGroup = false;
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || line.startsWith("!")) {
                continue; // blank, comment, or !include / !includedir (not followed, see the class comment)
            }
            if (line.startsWith("[")) {
                int end = line.indexOf(']');
                String group = (end < 0 ? line.substring(1) : line.substring(1, end)).strip().toLowerCase(Locale.ROOT);
                inGroup = groups.contains(group);
                continue;
            }
            if (!inGroup) {
                continue;
            }
            int eq = line.indexOf('=');
            String name = normalizeName(eq < 0 ? stripComment(line) : line.substring(0, eq));
            String value = eq < 0 ? null : value(line.substring(eq + 1));
            if (!name.isEmpty()) {
                options.put(name, value);
            }
        }
        return options;
    }

    private static String normalizeName(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String stripComment(String text) {
        int hash = text.indexOf('#');
        return hash < 0 ? text : text.substring(0, hash);
    }

    /** A value after {@code =}: quoted (escapes apply, {@code #} is literal) or bare (a {@code #} starts a comment). */
    static String value(String text) {
        String v = text.strip();
        if (!v.isEmpty() && (v.charAt(0) == '\'' || v.charAt(0) == '"')) {
            char quote = v.charAt(0);
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == quote) {
                    return out.toString();
                }
                if (c == '\\' && i + 1 < v.length()) {
                    out.append(unescape(v.charAt(++i)));
                } else {
                    out.append(c);
                }
            }
            return out.toString(); // no closing quote: take the rest, as the client does
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '#') {
                break;
            }
            if (c == '\\' && i + 1 < v.length()) {
                out.append(unescape(v.charAt(++i)));
            } else {
                out.append(c);
            }
        }
        return out.toString().strip();
    }

    private static String unescape(char c) {
        return switch (c) {
            case 'n' -> "\n";
            case 't' -> "\t";
            case 'r' -> "\r";
            case 'b' -> "\b";
            case 's' -> " ";
            case '\\' -> "\\";
            default -> "\\" + c; // the client keeps unknown escapes as written
        };
    }
}
