package dev.dbrescue.core.render;

/** Text shortened for display without splitting a character (an emoji is two Java chars). */
public final class Texts {

    private Texts() {
    }

    /** {@code text} if it has at most {@code max} chars, else its first {@code max} (one fewer rather than half a
     *  surrogate pair) followed by {@code ...}. */
    public static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "...";
    }
}
