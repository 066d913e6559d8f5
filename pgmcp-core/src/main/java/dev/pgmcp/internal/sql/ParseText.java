package dev.pgmcp.internal.sql;

import java.util.Arrays;

/**
 * The text the validator hands to JSqlParser, with a map back to the caller's text: some rewrites
 * change lengths ({@code semi} → {@code "semi"}, {@code TABLE} → {@code SELECT * FROM}), and a
 * syntax error must still name the line and column the caller wrote.
 *
 * <p>The map is a list of anchors, one per token: offset {@code parsed[i]} of the text came from
 * offset {@code original[i]} of the caller's text. Both arrays ascend.
 */
final class ParseText {

    private final String text;
    private final int[] parsed;
    private final int[] original;

    private ParseText(String text, int[] parsed, int[] original) {
        this.text = text;
        this.parsed = parsed;
        this.original = original;
    }

    /** @return what JSqlParser reads */
    String text() {
        return text;
    }

    /**
     * @param offset an offset in {@link #text()}
     * @return the offset in the caller's text it came from (inside a rewritten token: a position in
     *         that token, at most its last character)
     */
    int toOriginal(int offset) {
        int i = Arrays.binarySearch(parsed, 0, size(), offset);
        if (i < 0) {
            i = -i - 2; // the anchor before
        }
        if (i < 0) {
            return offset;
        }
        int result = original[i] + (offset - parsed[i]);
        if (i + 1 < size() && result >= original[i + 1]) {
            result = Math.max(original[i], original[i + 1] - 1);
        }
        return result;
    }

    private int size() {
        return parsed.length;
    }

    /** Collects anchors in ascending order. */
    static final class Builder {
        private int[] parsed = new int[32];
        private int[] original = new int[32];
        private int size;

        void add(int parsedOffset, int originalOffset) {
            if (size > 0 && parsed[size - 1] == parsedOffset) {
                // An empty rewrite: the later token starts here.
                original[size - 1] = originalOffset;
                return;
            }
            if (size == parsed.length) {
                parsed = Arrays.copyOf(parsed, size * 2);
                original = Arrays.copyOf(original, size * 2);
            }
            parsed[size] = parsedOffset;
            original[size] = originalOffset;
            size++;
        }

        ParseText build(String text) {
            return new ParseText(text, Arrays.copyOf(parsed, size), Arrays.copyOf(original, size));
        }
    }
}
