package dev.dbrescue.core.deadlock.render;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * A field name of the JSON contract, quoted once: names are most of the strings a deadlock writes (every record
 * field has four), so neither writer escapes them again on every write.
 */
final class JsonName {

    private final SerializableString forJackson;
    /** {@code "name" : }, as {@link PrettyJson} writes a name and what separates it from the value. */
    private final char[] pretty;

    JsonName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
                throw new IllegalArgumentException("a field name that would need escaping: " + name);
            }
        }
        forJackson = new SerializedString(name);
        pretty = ('"' + name + "\" : ").toCharArray();
    }

    SerializableString forJackson() {
        return forJackson;
    }

    char[] pretty() {
        return pretty;
    }
}
