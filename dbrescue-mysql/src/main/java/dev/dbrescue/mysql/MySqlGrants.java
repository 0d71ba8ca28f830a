package dev.dbrescue.mysql;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What SHOW GRANTS and information_schema.USER_PRIVILEGES say about who may end other users' sessions. MySQL and
 * MariaDB let anyone end their own threads (same user name); ending another user's thread needs SUPER, or CONNECTION
 * ADMIN (MariaDB 10.5.2+) / CONNECTION_ADMIN (MySQL 8.0+). PROCESS only lets one see them
 * (https://mariadb.com/kb/en/kill/, https://dev.mysql.com/doc/refman/8.0/en/kill.html).
 */
final class MySqlGrants {

    /** Global privileges that allow KILL of other users' threads, as SHOW GRANTS and USER_PRIVILEGES spell them. */
    static final Set<String> END_OTHERS = Set.of("ALL PRIVILEGES", "ALL", "SUPER", "CONNECTION ADMIN", "CONNECTION_ADMIN");

    private static final Pattern GLOBAL_GRANT = Pattern.compile("^GRANT (.+?) ON \\*\\.\\* TO ", Pattern.CASE_INSENSITIVE);
    private static final Pattern GRANTEE = Pattern.compile("^'((?:[^']|'')*)'@'");

    private MySqlGrants() {
    }

    /**
     * Whether the account whose SHOW GRANTS lines these are may end other users' sessions: true, false, or null when it
     * cannot be told (MySQL lists granted roles without their privileges unless asked with USING; MariaDB shows the
     * active role's grants beside the user's, so {@code rolesShown} is true there).
     */
    static Boolean mayEndOthers(List<String> showGrants, boolean rolesShown) {
        boolean roles = false;
        for (String line : showGrants) {
            Matcher m = GLOBAL_GRANT.matcher(line);
            if (m.find()) {
                for (String privilege : m.group(1).split("\\s*,\\s*")) {
                    if (END_OTHERS.contains(privilege.strip().toUpperCase(Locale.ROOT))) {
                        return true;
                    }
                }
            } else if (line.regionMatches(true, 0, "GRANT ", 0, 6) && !line.toUpperCase(Locale.ROOT).contains(" ON ")) {
                roles = true; // GRANT `role` TO `user`@`host`
            }
        }
        return roles && !rolesShown ? null : false;
    }

    /** The user name of a USER_PRIVILEGES grantee such as {@code 'root'@'localhost'}; null when it is not one. */
    static String userOf(String grantee) {
        Matcher m = grantee == null ? null : GRANTEE.matcher(grantee);
        return m != null && m.find() ? m.group(1).replace("''", "'") : null;
    }
}
