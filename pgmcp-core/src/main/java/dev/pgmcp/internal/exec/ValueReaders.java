package dev.pgmcp.internal.exec;

import org.postgresql.PGResultSetMetaData;
import org.postgresql.util.PGbytea;
import org.postgresql.util.PGobject;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Chooses how each PostgreSQL type becomes a JSON value, so that JSON keeps PostgreSQL's meaning,
 * read by any client, JavaScript ones included (whose numbers are doubles): exact decimals stay exact
 * (strings), an {@code int8} is a number only while a double holds it exactly, time stamps carry their
 * offset, json stays JSON only when a JSON reader gets it back exactly (see {@link QueryResult} for
 * the whole mapping). The choice is made once per column from the type name; reading a row is then a
 * plain loop.
 */
final class ValueReaders {

    /**
     * The largest integer a double holds along with all smaller ones, 2^53−1 (JavaScript's
     * {@code Number.MAX_SAFE_INTEGER}): an {@code int8} beyond ±this is written as text.
     */
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    /** Reads json text to check it; a repeated key is an error, so the check sees it. */
    private static final JsonFactory STRICT_JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private ValueReaders() {
    }

    /**
     * @param pgType the type name pgJDBC reports ({@code int4}, {@code _text} for arrays...)
     * @return the reader for that type, for one column of one result: some readers keep a scratch
     *         array between values, so a reader is used on one thread
     */
    static ValueReader forType(String pgType) {
        if (pgType.startsWith("_")) {
            return array(pgType.substring(1));
        }
        return switch (pgType) {
            case "int2", "int4" -> (rs, i) -> {
                int v = rs.getInt(i);
                return rs.wasNull() ? null : v;
            };
            case "int8" -> (rs, i) -> {
                long v = rs.getLong(i);
                return rs.wasNull() ? null : int8(v);
            };
            case "oid" -> (rs, i) -> { // 0..2^32-1: always exact as a double
                long v = rs.getLong(i);
                return rs.wasNull() ? null : v;
            };
            case "float8" -> (rs, i) -> {
                double v = rs.getDouble(i);
                return rs.wasNull() ? null : finiteOrText(v);
            };
            case "float4" -> (rs, i) -> {
                float v = rs.getFloat(i);
                return rs.wasNull() ? null : finiteOrText(widen(v));
            };
            case "numeric" -> (rs, i) -> {
                // In text, PostgreSQL's own output: exact, NaN and infinities included. In binary, pgJDBC's
                // BigDecimal text, which has an exponent from 1E-7 on (0E-8, 1E+20); its plain form is
                // PostgreSQL's, scale included.
                String s = rs.getString(i);
                return s == null || s.indexOf('E') < 0 ? s : new BigDecimal(s).toPlainString();
            };
            case "timetz" -> (rs, i) -> {
                byte[] raw = rs.getBytes(i);
                return raw == null || !binary(rs, i) ? rs.getString(i) : timetz(raw);
            };
            case "point", "box" -> (rs, i) -> {
                byte[] raw = rs.getBytes(i);
                return raw == null || !binary(rs, i) ? rs.getString(i) : points(raw);
            };
            case "bool" -> (rs, i) -> {
                boolean v = rs.getBoolean(i);
                return rs.wasNull() ? null : v;
            };
            case "json", "jsonb" -> (rs, i) -> json(rs.getString(i));
            case "bytea" -> (rs, i) -> {
                byte[] b = rs.getBytes(i);
                return b == null ? null : BASE64.encodeToString(b);
            };
            case "timestamptz" -> timestamps(true);
            case "timestamp" -> timestamps(false);
            case "date" -> (rs, i) -> {
                String fast = wireDate(rs.getBytes(i));
                return fast != null || rs.wasNull() ? fast : date(rs.getObject(i, LocalDate.class));
            };
            // time, interval (ISO-8601 through IntervalStyle), uuid, text types, enums, inet, money,
            // ranges...: PostgreSQL's own text output is already the faithful form, and pgJDBC's text
            // of a binary time or uuid is the same.
            default -> ResultSet::getString;
        };
    }

    /**
     * A {@code real} as the double with the same shortest decimal text: 0.1 stays 0.1. A plain widening
     * gives 0.10000000149011612, which is what pgJDBC's {@code getDouble} returns once a statement is
     * prepared on the server and its values come in binary (in text, it parses "0.1" as a double).
     */
    static double widen(float v) {
        return Float.isFinite(v) ? Double.parseDouble(Float.toString(v)) : v;
    }

    static Object finiteOrText(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        return v;
    }

    /**
     * @return {@code v} as a {@link Long} within ±{@link #MAX_SAFE_INTEGER}, else its decimal text:
     * a JavaScript client reads 9007199254740993 as a number as 9007199254740992
     */
    static Object int8(long v) {
        return v >= -MAX_SAFE_INTEGER && v <= MAX_SAFE_INTEGER ? (Object) v : Long.toString(v);
    }

    /**
     * @param text PostgreSQL's text of a json or jsonb value, or {@code null} for SQL NULL
     * @return {@code null} for SQL NULL; a {@link JsonText} of {@code text} for an object or array that
     * {@link #readsBackExactly reads back exactly}; {@code text} itself (a Java string, so a JSON
     * string) for every other value: a scalar ({@code 1}, {@code "a"}, {@code true}, {@code null}) or an
     * object or array with a duplicate key or a number a double does not hold
     */
    static Object json(String text) {
        if (text == null) {
            return null;
        }
        return readsBackExactly(text) ? new JsonText(text) : text;
    }

    /**
     * Whether a JSON reader, JavaScript's included, gets exactly PostgreSQL's value from this text:
     * it is one object or array, no object in it repeats a key (a reader keeps one of the values,
     * PostgreSQL's {@code json} keeps all), and every number in it is
     * {@link #exactThroughDouble exact through a double}. Text the check cannot read within the JSON
     * reader's limits (nesting deeper than 500, a number of over 1000 characters) does not pass.
     *
     * @param text PostgreSQL's text of a json or jsonb value (never {@code null})
     */
    static boolean readsBackExactly(String text) {
        try (JsonParser p = STRICT_JSON.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
                return false;
            }
            int depth = 0;
            for (JsonToken t = first; t != null; t = p.nextToken()) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        if (!exactThroughDouble(p.getString())) {
                            return false;
                        }
                    }
                    default -> {
                    }
                }
                if (depth == 0) {
                    return p.nextToken() == null; // one value, nothing after it
                }
            }
            return false;
        } catch (JacksonException e) {
            return false; // a repeated key, or past the reader's limits
        }
    }

    /**
     * Whether a JSON number reads back unchanged through a double: the double is finite, the
     * shortest decimal that names it ({@link Double#toString}) is the same number, and, for a number
     * written as an integer (no fraction or exponent), it is within ±2^53, where every integer is a
     * double (beyond, a reader gets a double that is in general another integer). So {@code 2.50},
     * {@code 1e3}, {@code 1E-7} and {@code 9007199254740992} pass; {@code 9007199254740993},
     * {@code 100000000000000000000} (write {@code 1e20}), {@code 0.10000000000000000001},
     * {@code 1e400} (infinite as a double) and {@code 1e-400} (zero) do not.
     *
     * @param number a JSON number's text
     */
    static boolean exactThroughDouble(String number) {
        boolean integer = number.indexOf('.') < 0 && number.indexOf('e') < 0 && number.indexOf('E') < 0;
        if (integer) {
            int digits = number.length() - (number.charAt(0) == '-' ? 1 : 0);
            if (digits <= 15) {
                return true; // below 10^15 < 2^53
            }
            if (digits > 16) {
                return false; // 10^16 and more: beyond 2^53
            }
            long v = Long.parseLong(number);
            return v >= -TWO_TO_53 && v <= TWO_TO_53;
        }
        double d = Double.parseDouble(number); // JSON's number syntax is a subset of Java's
        if (!Double.isFinite(d)) {
            return false;
        }
        try {
            return new BigDecimal(number).compareTo(new BigDecimal(Double.toString(d))) == 0;
        } catch (NumberFormatException e) {
            return false; // an exponent beyond BigDecimal's range (1e-9999999999, which is 0 as a double)
        }
    }

    private static final long TWO_TO_53 = 1L << 53;

    /**
     * A time stamp column's reader, with the scratch array its values are written in before each
     * becomes a string ({@link IsoDateTimes#timestamp(long, boolean, byte[])}): one per column of a
     * result, read on one thread.
     */
    private static ValueReader timestamps(boolean utc) {
        byte[] scratch = new byte[IsoDateTimes.TIMESTAMP_BYTES];
        if (utc) {
            return (rs, i) -> {
                String fast = wireTimestamp(rs.getBytes(i), true, scratch);
                return fast != null || rs.wasNull() ? fast : timestampTz(rs.getObject(i, OffsetDateTime.class));
            };
        }
        return (rs, i) -> {
            String fast = wireTimestamp(rs.getBytes(i), false, scratch);
            return fast != null || rs.wasNull() ? fast : timestamp(rs.getObject(i, LocalDateTime.class));
        };
    }

    /**
     * pgJDBC hands over a value in binary once it has prepared the statement on the server (from the
     * fifth run of the same SQL on a connection, by default), in text before: {@code getBytes} gives
     * the wire bytes either way. Eight bytes are a binary timestamp; any other length is PostgreSQL's
     * text (DateStyle ISO, at least 19 characters, or {@code -infinity}), read by
     * {@link IsoDateTimes#timestampText}. A query whose text changes from call to call (a literal in
     * it) is never prepared, so the text form is the common one, and reading it directly spares
     * pgJDBC's {@code OffsetDateTime} (a {@code GregorianCalendar} per result set and a
     * {@code DateTimeFormatter} per value: a third of a one-row call's CPU). The text
     * {@code infinity} is also eight bytes: they read as a year out of range, so it takes the
     * java.time path, as binary years outside 1..9999 do.
     *
     * @return the text ({@link IsoDateTimes}), or {@code null} for NULL and for the values the caller
     * reads through java.time
     */
    private static String wireTimestamp(byte[] raw, boolean utc, byte[] scratch) {
        if (raw == null) {
            return null;
        }
        return raw.length == 8 ? IsoDateTimes.timestamp(int64(raw), utc, scratch)
                : IsoDateTimes.timestampText(new String(raw, StandardCharsets.ISO_8859_1), utc);
    }

    /**
     * As {@link #wireTimestamp}, for a date: four bytes in binary; any other length is PostgreSQL's text
     * ({@code 2024-02-29}, {@code 0044-03-15 BC}, {@code infinity}: never four characters).
     */
    private static String wireDate(byte[] raw) {
        if (raw == null) {
            return null;
        }
        return raw.length == 4 ? IsoDateTimes.date((int) int32(raw, 0))
                : IsoDateTimes.dateText(new String(raw, StandardCharsets.ISO_8859_1));
    }

    /** Whether pgJDBC received column {@code i} in binary (it does for some types once a statement is prepared). */
    private static boolean binary(ResultSet rs, int i) throws SQLException {
        return rs.getMetaData().unwrap(PGResultSetMetaData.class).getFormat(i) == 1;
    }

    /**
     * A binary timetz ({@code timetz_send}: microseconds of the day, then the zone in seconds west of
     * UTC) as PostgreSQL's {@code timetz_out} writes it: {@code 23:59:59.5+02}, {@code 12:00:00-03:30},
     * {@code 24:00:00+01:02:03}. pgJDBC's own text moves it to UTC ({@code 21:59:59.5+00}).
     */
    private static String timetz(byte[] raw) {
        long micros = int64(raw);
        int west = (int) int32(raw, 8);
        StringBuilder b = new StringBuilder(20);
        long seconds = micros / 1_000_000;
        two(b, (int) (seconds / 3600)).append(':');
        two(b, (int) (seconds / 60 % 60)).append(':');
        two(b, (int) (seconds % 60));
        long fraction = micros % 1_000_000;
        if (fraction > 0) {
            String digits = Long.toString(1_000_000 + fraction).substring(1);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(digits, 0, end);
        }
        int abs = Math.abs(west);
        b.append(west <= 0 ? '+' : '-');
        two(b, abs / 3600);
        if (abs % 60 != 0) {
            two(two(b.append(':'), abs / 60 % 60).append(':'), abs % 60);
        } else if (abs / 60 % 60 != 0) {
            two(b.append(':'), abs / 60 % 60);
        }
        return b.toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /**
     * A binary point ({@code (x,y)}) or box ({@code (high x,high y),(low x,low y)}): 8-byte doubles,
     * written as PostgreSQL's {@code point_out}/{@code box_out} write them ({@link PgFloats});
     * pgJDBC's own text has Java's doubles ({@code (1.0,1.0),(0.0,0.0)}).
     */
    private static String points(byte[] raw) {
        StringBuilder b = new StringBuilder();
        for (int at = 0; at < raw.length; at += 16) {
            if (at > 0) {
                b.append(',');
            }
            b.append('(');
            PgArrays.floatText(b, Double.longBitsToDouble(int32(raw, at) << 32 | int32(raw, at + 4)), false);
            b.append(',');
            PgArrays.floatText(b, Double.longBitsToDouble(int32(raw, at + 8) << 32 | int32(raw, at + 12)), false);
            b.append(')');
        }
        return b.toString();
    }

    private static long int64(byte[] b) {
        return int32(b, 0) << 32 | int32(b, 4);
    }

    private static long int32(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    private static Object timestampTz(OffsetDateTime t) {
        if (t == null) {
            return null;
        }
        if (t.equals(OffsetDateTime.MAX)) {
            return "infinity";
        }
        if (t.equals(OffsetDateTime.MIN)) {
            return "-infinity";
        }
        // In UTC, as the binary path writes it: a text-format value comes in the session's TimeZone.
        return IsoDateTimes.utc(t);
    }

    private static Object timestamp(LocalDateTime t) {
        if (t == null) {
            return null;
        }
        if (t.equals(LocalDateTime.MAX)) {
            return "infinity";
        }
        if (t.equals(LocalDateTime.MIN)) {
            return "-infinity";
        }
        return IsoDateTimes.local(t);
    }

    private static Object date(LocalDate d) {
        if (d == null) {
            return null;
        }
        if (d.equals(LocalDate.MAX)) {
            return "infinity";
        }
        if (d.equals(LocalDate.MIN)) {
            return "-infinity";
        }
        return d.toString();
    }

    /**
     * An array: each element becomes the value a scalar of the element type becomes, read from
     * PostgreSQL's text of it or from its binary form ({@link PgArrays}); an array whose dimensions
     * do not all start at 1 is PostgreSQL's text of it.
     *
     * @param elementType the element type's name ({@code int4} for {@code _int4})
     */
    private static ValueReader array(String elementType) {
        PgArrays.ElementReader element = elementFromText(elementType);
        byte delimiter = elementType.equals("box") ? (byte) ';' : (byte) ','; // the one built-in type not using ','
        return (rs, i) -> {
            byte[] raw = rs.getBytes(i); // the bytes as received, text or binary
            if (raw == null) {
                return null;
            }
            Object v = PgArrays.read(raw, delimiter, element);
            return v != PgArrays.UNKNOWN_BINARY ? v : pgJdbcArray(rs, i);
        };
    }

    /**
     * How an element becomes a value from PostgreSQL's text of it: as {@link #forType} reads a
     * scalar of the type, which for most types is that text itself.
     */
    private static PgArrays.ElementReader elementFromText(String type) {
        return switch (type) {
            case "int2", "int4" -> Integer::valueOf;
            case "int8" -> text -> int8(Long.parseLong(text));
            case "oid" -> Long::valueOf;
            // PostgreSQL writes the fewest digits that read back as the same value: parsing is exact.
            case "float8" -> text -> finiteOrText(Double.parseDouble(text));
            case "float4" -> text -> finiteOrText(widen(Float.parseFloat(text)));
            case "bool" -> text -> text.equals("t");
            case "json", "jsonb" -> ValueReaders::json;
            case "bytea" -> text -> BASE64.encodeToString(bytea(text));
            case "timestamptz" -> text -> IsoDateTimes.timestampText(text, true);
            case "timestamp" -> text -> IsoDateTimes.timestampText(text, false);
            case "date" -> IsoDateTimes::dateText;
            // numeric (exact, NaN and infinities included), time, timetz, interval (ISO-8601 through
            // IntervalStyle), uuid, text types, money, enums, ranges, records...: the text itself.
            default -> text -> text;
        };
    }

    private static byte[] bytea(String text) {
        try {
            return PGbytea.toBytes(text.getBytes(StandardCharsets.US_ASCII)); // hex or escape output: both are ASCII
        } catch (SQLException e) {
            throw new IllegalStateException("not PostgreSQL's bytea text: " + text, e);
        }
    }

    /**
     * A binary array of an element type {@link PgArrays} does not decode: pgJDBC sends one only when
     * the connection URL's {@code binaryTransferEnable} names an array type beyond its defaults. Its
     * elements are then pgJDBC's Java objects, written as closely to the scalar forms as they allow.
     */
    private static Object pgJdbcArray(ResultSet rs, int i) throws SQLException {
        Array a = rs.getArray(i);
        try {
            return element(a.getArray());
        } finally {
            a.free();
        }
    }

    private static Object element(Object o) {
        if (o instanceof Object[] arr) {
            List<Object> list = new ArrayList<>(arr.length);
            for (Object e : arr) {
                list.add(element(e));
            }
            return list;
        }
        if (o instanceof Short s) {
            return s.intValue();
        }
        if (o instanceof Long l) {
            return int8(l);
        }
        if (o instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (o instanceof Double d) {
            return finiteOrText(d);
        }
        if (o instanceof Float f) {
            return finiteOrText(widen(f));
        }
        if (o instanceof byte[] b) {
            return BASE64.encodeToString(b);
        }
        if (o instanceof PGobject p) {
            String type = p.getType();
            return "json".equals(type) || "jsonb".equals(type) ? json(p.getValue()) : p.getValue();
        }
        return o == null || o instanceof String || o instanceof Boolean || o instanceof Integer ? o : o.toString();
    }

    /**
     * @param value a value as returned by a reader
     * @return roughly how many bytes its JSON encoding takes (for the byte cap; cheap, not exact): a
     * string's characters and quotes, a {@link JsonText}'s characters
     */
    static long estimateSize(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String s) {
            return s.length() + 2L;
        }
        if (value instanceof JsonText j) {
            return j.text().length();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Double) {
            return 8;
        }
        if (value instanceof Boolean) {
            return 5;
        }
        if (value instanceof List<?> list) {
            long n = 2;
            for (Object e : list) {
                n += estimateSize(e) + 1;
            }
            return n;
        }
        return value.toString().length() + 2L;
    }
}
