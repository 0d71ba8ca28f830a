package dev.dbrescue.binlog.value;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Collation ids (as TABLE_MAP optional metadata gives them) to the character set the server stored the bytes in, and
 * that character set to a Java charset able to decode it. MariaDB's ids come from {@code collations.txt} (captured
 * from the server); MySQL 8's own ids are ranges of its manual's collation list.
 */
public final class Collations {

    /** The pseudo character set of BINARY, VARBINARY, BLOB and GEOMETRY columns. */
    public static final String BINARY = "binary";
    public static final int BINARY_ID = 63;

    private static final Map<Integer, String> CHARSETS = load();
    private static final Map<String, String> JAVA_NAMES = Map.ofEntries(
            Map.entry("utf8mb4", "UTF-8"), Map.entry("utf8mb3", "UTF-8"), Map.entry("utf8", "UTF-8"),
            Map.entry("ascii", "US-ASCII"), Map.entry("latin1", "windows-1252"), Map.entry("latin2", "ISO-8859-2"),
            Map.entry("greek", "ISO-8859-7"), Map.entry("hebrew", "ISO-8859-8"), Map.entry("latin5", "ISO-8859-9"),
            Map.entry("latin7", "ISO-8859-13"), Map.entry("cp1250", "windows-1250"),
            Map.entry("cp1251", "windows-1251"), Map.entry("cp1256", "windows-1256"),
            Map.entry("cp1257", "windows-1257"), Map.entry("koi8r", "KOI8-R"), Map.entry("koi8u", "KOI8-U"),
            Map.entry("cp850", "IBM850"), Map.entry("cp852", "IBM852"), Map.entry("cp866", "IBM866"),
            Map.entry("sjis", "Shift_JIS"), Map.entry("cp932", "windows-31j"), Map.entry("ujis", "EUC-JP"),
            Map.entry("euckr", "EUC-KR"), Map.entry("gb2312", "GB2312"), Map.entry("gbk", "GBK"),
            Map.entry("gb18030", "GB18030"), Map.entry("big5", "Big5"), Map.entry("tis620", "TIS-620"),
            Map.entry("ucs2", "UTF-16BE"), Map.entry("utf16", "UTF-16BE"), Map.entry("utf16le", "UTF-16LE"),
            Map.entry("utf32", "UTF-32BE"));

    private Collations() {
    }

    /** The character set's name as the server spells it, or null for an id we do not know. */
    public static String charsetOf(int collationId) {
        String known = CHARSETS.get(collationId);
        if (known != null) {
            return known;
        }
        if (collationId == 76) {
            return "utf8mb3";
        }
        if (collationId >= 248 && collationId <= 250) {
            return "gb18030";
        }
        if (collationId >= 255 && collationId <= 323) {
            return "utf8mb4";
        }
        return null;
    }

    /** A Java charset that decodes this server character set exactly, or null when we have none. */
    public static Charset javaCharset(String serverCharset) {
        String name = serverCharset == null ? null : JAVA_NAMES.get(serverCharset);
        if (name == null || !Charset.isSupported(name)) {
            return null;
        }
        return Charset.forName(name);
    }

    private static Map<Integer, String> load() {
        Map<Integer, String> map = new HashMap<>();
        try (InputStream in = Collations.class.getResourceAsStream("collations.txt")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                map.put(Integer.parseInt(parts[0]), parts[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(map);
    }
}
