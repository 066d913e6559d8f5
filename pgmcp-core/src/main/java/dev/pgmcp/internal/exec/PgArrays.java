package dev.pgmcp.internal.exec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * PostgreSQL arrays read from the bytes pgJDBC received, in either transfer format, so that each
 * element becomes the value a scalar of its type becomes (see {@link ValueReaders}).
 *
 * <p>Why not pgJDBC's {@code Array.getArray()}: it makes Java objects of the elements, and several
 * lose what PostgreSQL said: an interval as pgJDBC's own text ({@code 1 hours 30 mins}), a
 * timestamp as a {@code java.sql.Timestamp} (the JVM's zone, and the Julian calendar before 1582),
 * a time without its fraction of a second, an infinite timestamptz as a year of 292 million, a
 * {@code NaN} numeric as an error; and it drops the bounds of an array whose dimensions do not start
 * at 1. Reading the elements' text through the same conversions as scalars keeps them exact.
 *
 * <p>The two formats: pgJDBC receives an array as text (PostgreSQL's {@code array_out}) unless it
 * has prepared the statement on the server and the array type is one it reads in binary by default
 * ({@code int2[]}, {@code int4[]}, {@code int8[]}, {@code oid[]}, {@code float4[]},
 * {@code float8[]}, {@code text[]}, {@code varchar[]}, {@code bytea[]}; {@code array_send}). The
 * text starts with <code>{</code> or {@code [}, the binary form with its number of dimensions as a
 * 32-bit integer, so with a zero byte.
 *
 * <p>An array whose dimensions do not all start at 1 ({@code [0:2]={10,20,30}}) has no JSON array
 * form (a JSON array starts at its first element); it is PostgreSQL's text of it, as a string. In
 * binary, that text is written here as {@code array_out} writes it: numbers as PostgreSQL writes
 * them ({@link PgFloats}), text elements quoted when {@code array_out} quotes them, {@code bytea}
 * elements in the hex form (the default {@code bytea_output}).
 */
final class PgArrays {

    /** How an element of a text-format array becomes a value, from PostgreSQL's text of it. */
    @FunctionalInterface
    interface ElementReader {
        Object read(String text);
    }

    /** Returned by {@link #read} for a binary array of an element type it does not decode. */
    static final Object UNKNOWN_BINARY = new Object();

    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final byte[] NULL = {'N', 'U', 'L', 'L'};
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PgArrays() {
    }

    /**
     * @param raw       the value's bytes as pgJDBC received them ({@code ResultSet.getBytes})
     * @param delimiter the element type's array delimiter ({@code ,} for all but {@code box})
     * @param element   the element type's reader for a text-format array
     * @return a {@code List} of values (nested for each further dimension), PostgreSQL's text of an
     * array whose dimensions do not all start at 1, or {@link #UNKNOWN_BINARY}
     */
    static Object read(byte[] raw, byte delimiter, ElementReader element) {
        if (raw.length > 0 && raw[0] == 0) {
            return binary(raw);
        }
        if (raw.length > 0 && raw[0] == '[') {
            return new String(raw, StandardCharsets.UTF_8);
        }
        return new TextArray(raw, delimiter, element).array();
    }

    /** A parse of {@code array_out}'s text, which quotes every element holding white space, so there is none between. */
    private static final class TextArray {
        private final byte[] b;
        private final byte delimiter;
        private final ElementReader element;
        private int p;

        TextArray(byte[] b, byte delimiter, ElementReader element) {
            this.b = b;
            this.delimiter = delimiter;
            this.element = element;
        }

        /** Reads from the <code>{</code> at {@code p} to past its <code>}</code>. */
        List<Object> array() {
            p++;
            List<Object> out = new ArrayList<>();
            if (b[p] == '}') {
                p++;
                return out;
            }
            while (true) {
                byte c = b[p];
                if (c == '{') {
                    out.add(array());
                } else if (c == '"') {
                    out.add(element.read(quoted()));
                } else {
                    int start = p;
                    while (b[p] != delimiter && b[p] != '}') {
                        p++;
                    }
                    // An unquoted NULL is SQL NULL; array_out quotes an element whose text is "NULL".
                    out.add(Arrays.equals(b, start, p, NULL, 0, 4) ? null
                            : element.read(new String(b, start, p - start, StandardCharsets.UTF_8)));
                }
                if (b[p++] == '}') {
                    return out;
                }
            }
        }

        /** Reads a quoted element from its opening quote at {@code p}: a backslash makes the next byte literal. */
        private String quoted() {
            int start = ++p;
            while (b[p] != '"' && b[p] != '\\') {
                p++;
            }
            if (b[p] == '"') {
                return new String(b, start, p++ - start, StandardCharsets.UTF_8);
            }
            byte[] buf = new byte[b.length];
            int n = p - start;
            System.arraycopy(b, start, buf, 0, n);
            while (b[p] != '"') {
                if (b[p] == '\\') {
                    p++;
                }
                buf[n++] = b[p++];
            }
            p++;
            return new String(buf, 0, n, StandardCharsets.UTF_8);
        }
    }

    /** The element types pgJDBC reads in binary by default, with text-like ones of the same wire form. */
    private enum Binary {
        INT2, INT4, INT8, OID, FLOAT4, FLOAT8, TEXT, BYTEA;

        static Binary of(int oid) {
            return switch (oid) {
                case 21 -> INT2;
                case 23 -> INT4;
                case 20 -> INT8;
                case 26 -> OID;
                case 700 -> FLOAT4;
                case 701 -> FLOAT8;
                case 25, 1043, 1042, 19 -> TEXT; // text, varchar, bpchar, name: the text in UTF-8 (client_encoding)
                case 17 -> BYTEA;
                default -> null;
            };
        }
    }

    /** {@code array_send}'s form: dimensions, a has-nulls flag, the element type, then each dimension's length and lower bound. */
    private static Object binary(byte[] raw) {
        int dimensions = int32(raw, 0);
        Binary type = Binary.of(int32(raw, 8));
        if (type == null) {
            return UNKNOWN_BINARY;
        }
        int[] lengths = new int[dimensions];
        boolean fromOne = true;
        for (int d = 0; d < dimensions; d++) {
            lengths[d] = int32(raw, 12 + 8 * d);
            fromOne &= int32(raw, 16 + 8 * d) == 1;
        }
        int[] at = {12 + 8 * dimensions};
        if (dimensions == 0) {
            return new ArrayList<>(0);
        }
        if (fromOne) {
            return values(raw, at, type, lengths, 0);
        }
        StringBuilder text = new StringBuilder();
        for (int d = 0; d < dimensions; d++) {
            int lower = int32(raw, 16 + 8 * d);
            text.append('[').append(lower).append(':').append(lower + lengths[d] - 1).append(']');
        }
        text.append('=');
        text(raw, at, type, lengths, 0, text);
        return text.toString();
    }

    private static List<Object> values(byte[] raw, int[] at, Binary type, int[] lengths, int dim) {
        List<Object> out = new ArrayList<>(lengths[dim]);
        for (int i = 0; i < lengths[dim]; i++) {
            if (dim + 1 < lengths.length) {
                out.add(values(raw, at, type, lengths, dim + 1));
                continue;
            }
            int length = int32(raw, at[0]);
            int from = at[0] + 4;
            at[0] = from + Math.max(length, 0);
            out.add(length < 0 ? null : switch (type) {
                case INT2 -> (int) int16(raw, from);
                case INT4 -> int32(raw, from);
                case INT8 -> ValueReaders.int8(int64(raw, from));
                case OID -> Integer.toUnsignedLong(int32(raw, from));
                case FLOAT4 -> ValueReaders.finiteOrText(ValueReaders.widen(Float.intBitsToFloat(int32(raw, from))));
                case FLOAT8 -> ValueReaders.finiteOrText(Double.longBitsToDouble(int64(raw, from)));
                case TEXT -> new String(raw, from, length, StandardCharsets.UTF_8);
                case BYTEA -> BASE64.encodeToString(Arrays.copyOfRange(raw, from, from + length));
            });
        }
        return out;
    }

    /** Writes the elements as {@code array_out} does. */
    private static void text(byte[] raw, int[] at, Binary type, int[] lengths, int dim, StringBuilder out) {
        out.append('{');
        for (int i = 0; i < lengths[dim]; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (dim + 1 < lengths.length) {
                text(raw, at, type, lengths, dim + 1, out);
                continue;
            }
            int length = int32(raw, at[0]);
            int from = at[0] + 4;
            at[0] = from + Math.max(length, 0);
            if (length < 0) {
                out.append("NULL");
                continue;
            }
            switch (type) {
                case INT2 -> out.append(int16(raw, from));
                case INT4 -> out.append(int32(raw, from));
                case INT8 -> out.append(int64(raw, from));
                case OID -> out.append(Integer.toUnsignedLong(int32(raw, from)));
                case FLOAT4 -> floatText(out, Float.intBitsToFloat(int32(raw, from)), true);
                case FLOAT8 -> floatText(out, Double.longBitsToDouble(int64(raw, from)), false);
                case TEXT -> quoted(out, new String(raw, from, length, StandardCharsets.UTF_8));
                case BYTEA -> {
                    out.append("\"\\\\x");
                    for (int k = from; k < from + length; k++) {
                        out.append(HEX[(raw[k] >> 4) & 0xF]).append(HEX[raw[k] & 0xF]);
                    }
                    out.append('"');
                }
            }
        }
        out.append('}');
    }

    /** A float as PostgreSQL writes it, NaN and infinities included. */
    static void floatText(StringBuilder out, double v, boolean real) {
        if (Double.isNaN(v)) {
            out.append("NaN");
        } else if (Double.isInfinite(v)) {
            out.append(v > 0 ? "Infinity" : "-Infinity");
        } else {
            PgFloats.append(out, v, real);
        }
    }

    /**
     * An element as {@code array_out} writes it: in quotes when it is empty, reads as {@code NULL}
     * in any case, or holds a quote, a backslash, a brace, the delimiter or white space; a quote or
     * backslash inside is preceded by a backslash.
     */
    private static void quoted(StringBuilder out, String s) {
        boolean quote = s.isEmpty() || s.equalsIgnoreCase("NULL");
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == '"' || c == '\\' || c == '{' || c == '}' || c == ',' || c == ' ' || c == '\t'
                    || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
        }
        if (!quote) {
            out.append(s);
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    private static short int16(byte[] b, int at) {
        return (short) ((b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF));
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    private static long int64(byte[] b, int at) {
        return (long) int32(b, at) << 32 | (int32(b, at + 4) & 0xFFFFFFFFL);
    }
}
