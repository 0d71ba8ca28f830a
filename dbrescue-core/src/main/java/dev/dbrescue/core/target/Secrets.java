package dev.dbrescue.core.target;

import java.util.regex.Pattern;

/** Masks credentials before anything reaches output, logs or JSON (HikariCP does the same for JDBC URLs). */
public final class Secrets {

    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(://[^:/@\\s]*):[^@/\\s]*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)((?:password|pwd|passwd)=)[^&;\\s]*");

    private Secrets() {
    }

    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = USERINFO_PASSWORD.matcher(url).replaceAll("$1:***@");
        return PASSWORD_PARAM.matcher(masked).replaceAll("$1***");
    }

    /** Replaces every occurrence of a known password in a message (drivers sometimes echo URLs). */
    public static String scrub(String message, String password) {
        if (message == null) {
            return null;
        }
        String out = maskUrl(message);
        if (password != null && password.length() >= 3) {
            out = out.replace(password, "***");
        }
        return out;
    }
}
