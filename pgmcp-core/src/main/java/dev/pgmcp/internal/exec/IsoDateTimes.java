package dev.pgmcp.internal.exec;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * ISO-8601 text of PostgreSQL's binary {@code timestamptz}, {@code timestamp} and {@code date}
 * values, written straight from the wire integers: {@code 2024-06-01T10:00:00Z},
 * {@code 2024-02-29T13:45:06.12}, {@code 2024-02-29}. Seconds are always written (RFC 3339's
 * {@code date-time} requires them, and every value of a column has the same width up to its
 * fraction); the fraction as PostgreSQL prints it, up to 6 digits without trailing zeros. For years
 * outside 1..9999, {@link #utc} and {@link #local} write the same form from java.time values.
 *
 * <p>Why not java.time: going through pgJDBC's {@code getObject(i, OffsetDateTime.class)} built an
 * {@code Instant}, an {@code OffsetDateTime}, a {@code LocalDateTime}, a {@code LocalDate}, a
 * {@code LocalTime}, a new {@code ZoneRules} with its own {@code ConcurrentHashMap} (Java 17's
 * {@code ZoneOffset.getRules()} makes one per call) and a {@code StringBuilder}: about 700 bytes per
 * value, half of all the memory a 10,000-row result of the shared benchmark allocated (two
 * timestamptz columns). This writes one 32-byte buffer and the string.
 *
 * <p>The binary forms (PostgreSQL's {@code timestamp_send}, {@code date_send}; integer date-times,
 * the only kind since PostgreSQL 10): a timestamp is a signed 64-bit count of microseconds since
 * 2000-01-01 00:00:00 (UTC for {@code timestamptz}), a date a signed 32-bit count of days since
 * 2000-01-01; the largest and smallest values stand for {@code infinity} and {@code -infinity}.
 * Both calendars are proleptic Gregorian, as in java.time.
 *
 * <p>Years 1 to 9999 only: outside them (BC dates, year 10000 and later) each method returns
 * {@code null} and the caller takes the java.time path, which writes those years its own way.
 *
 * <p>{@link #timestampText} and {@link #dateText} write the same forms from PostgreSQL's text of a
 * value, which is how the elements of a {@code timestamp[]}, {@code timestamptz[]} or {@code date[]}
 * always come (pgJDBC never asks for those arrays in binary).
 */
final class IsoDateTimes {

    /** 2000-01-01 (PostgreSQL's epoch) in days since 1970-01-01. */
    private static final long PG_EPOCH_DAY = 10_957;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private IsoDateTimes() {
    }

    /**
     * @param pgMicros microseconds since 2000-01-01 00:00:00 (the binary form of timestamp and timestamptz)
     * @param utc      whether to end with {@code Z} (timestamptz, always given in UTC)
     * @return the ISO-8601 text, {@code infinity} / {@code -infinity}, or {@code null} when the year is
     * outside 1..9999
     */
    static String timestamp(long pgMicros, boolean utc) {
        return timestamp(pgMicros, utc, new byte[TIMESTAMP_BYTES]);
    }

    /** The most bytes {@link #timestamp} writes: {@code 9999-12-31T23:59:59.999999Z} is 27. */
    static final int TIMESTAMP_BYTES = 32;

    /**
     * As {@link #timestamp(long, boolean)}, writing the text in {@code scratch} before it becomes the
     * string: a reader of many values passes the same array each time, so that a value costs the
     * string alone (a 10,000-row result with two time stamps a row allocated 1 MB less).
     *
     * @param scratch at least {@link #TIMESTAMP_BYTES} long; overwritten
     */
    static String timestamp(long pgMicros, boolean utc, byte[] scratch) {
        if (pgMicros == Long.MAX_VALUE) {
            return "infinity";
        }
        if (pgMicros == Long.MIN_VALUE) {
            return "-infinity";
        }
        long day = Math.floorDiv(pgMicros, MICROS_PER_DAY);
        long microOfDay = pgMicros - day * MICROS_PER_DAY;
        byte[] b = scratch;
        int n = writeDate(b, day + PG_EPOCH_DAY);
        if (n < 0) {
            return null;
        }
        int secondOfDay = (int) (microOfDay / 1_000_000);
        int micros = (int) (microOfDay % 1_000_000);
        b[n++] = 'T';
        n = digits(b, n, secondOfDay / 3600, 2);
        b[n++] = ':';
        n = digits(b, n, secondOfDay / 60 % 60, 2);
        b[n++] = ':';
        n = digits(b, n, secondOfDay % 60, 2);
        if (micros > 0) {
            b[n++] = '.';
            int width = 6;
            while (micros % 10 == 0) { // as PostgreSQL: no trailing zeros
                micros /= 10;
                width--;
            }
            n = digits(b, n, micros, width);
        }
        if (utc) {
            b[n++] = 'Z';
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * The same form from java.time, for values that do not come in binary or lie outside years 1..9999.
     *
     * @return {@code t} in UTC, ending with {@code Z}
     */
    static String utc(OffsetDateTime t) {
        return local(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()) + "Z";
    }

    /** @return {@code t} as {@link #timestamp} writes a timestamp without time zone */
    static String local(LocalDateTime t) {
        return DATE_TIME.format(t);
    }

    /** @return a time of day, {@code 10:00:00}, with the fraction as {@link #timestamp} writes it */
    static String time(LocalTime t) {
        return TIME.format(t);
    }

    /**
     * The same form from PostgreSQL's text of a timestamp, as an array element comes (DateStyle ISO,
     * which pgJDBC sets for every session): {@code 2024-02-29 13:45:06.123}, {@code 0044-03-15 12:00:00 BC},
     * and for {@code timestamptz} the session's offset after the time ({@code +02}, {@code -03:30},
     * {@code +00:19:32}), which is taken off so that the result is in UTC as the binary form's is.
     *
     * @param text PostgreSQL's text (never {@code null})
     * @param utc  whether it is a {@code timestamptz}, to write in UTC ending with {@code Z}
     * @return the text {@link #timestamp} writes for the same value, {@code infinity}/{@code -infinity}
     * as they are; years outside 1..9999 (BC ones as proleptic years: 1 BC is 0000) as {@link #local}
     */
    static String timestampText(String text, boolean utc) {
        if (text.equals("infinity") || text.equals("-infinity")) {
            return text;
        }
        boolean bc = text.endsWith(" BC");
        int dash = text.indexOf('-');
        if (!utc && !bc && dash == 4) {
            // Years 1..9999 of a local timestamp: PostgreSQL's text is already this one but for the 'T'
            // (seconds always, the fraction without trailing zeros).
            return text.substring(0, 10) + 'T' + text.substring(11);
        }
        long year = Long.parseLong(text, 0, dash, 10);
        int month = twoDigits(text, dash + 1);
        int day = twoDigits(text, dash + 4);
        int t = dash + 7;
        long secondOfDay = twoDigits(text, t) * 3600L + twoDigits(text, t + 3) * 60L + twoDigits(text, t + 6);
        int at = t + 8;
        int micros = 0;
        if (at < text.length() && text.charAt(at) == '.') {
            int digits = 0;
            for (at++; at < text.length() && Character.isDigit(text.charAt(at)); at++, digits++) {
                micros = micros * 10 + (text.charAt(at) - '0');
            }
            for (; digits < 6; digits++) {
                micros *= 10;
            }
        }
        if (utc && at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
            int sign = text.charAt(at) == '-' ? -1 : 1;
            long offset = twoDigits(text, at + 1) * 3600L;
            at += 3;
            if (at < text.length() && text.charAt(at) == ':') {
                offset += twoDigits(text, at + 1) * 60L;
                at += 3;
                if (at < text.length() && text.charAt(at) == ':') {
                    offset += twoDigits(text, at + 1);
                }
            }
            secondOfDay -= sign * offset;
        }
        long epochSecond = epochDay(bc ? 1 - year : year, month, day) * 86_400 + secondOfDay;
        String fast = timestamp((epochSecond - PG_EPOCH_DAY * 86_400) * 1_000_000 + micros, utc);
        if (fast != null) {
            return fast;
        }
        String local = local(LocalDateTime.ofEpochSecond(epochSecond, micros * 1000, ZoneOffset.UTC));
        return utc ? local + "Z" : local;
    }

    /**
     * As {@link #timestampText}, for a date: {@code 2024-02-29} as it is, {@code 0044-03-15 BC} and
     * years beyond 9999 as java.time writes them ({@code -0043-03-15}, {@code +12345-01-01}).
     */
    static String dateText(String text) {
        boolean bc = text.endsWith(" BC");
        int dash = text.indexOf('-');
        if (!bc && dash == 4 || text.equals("infinity") || text.equals("-infinity")) {
            return text;
        }
        int year = Integer.parseInt(text, 0, dash, 10);
        return LocalDate.of(bc ? 1 - year : year, twoDigits(text, dash + 1), twoDigits(text, dash + 4)).toString();
    }

    private static int twoDigits(String s, int at) {
        return (s.charAt(at) - '0') * 10 + (s.charAt(at + 1) - '0');
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date: Howard Hinnant's {@code days_from_civil}. */
    private static long epochDay(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** ISO dates (years beyond 9999 signed, as java.time writes them), seconds always, 0 to 6 fraction digits. */
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T').append(TIME)
            .toFormatter(Locale.ROOT);

    /**
     * @param pgDays days since 2000-01-01 (the binary form of date)
     * @return {@code yyyy-mm-dd}, {@code infinity} / {@code -infinity}, or {@code null} when the year
     * is outside 1..9999
     */
    static String date(int pgDays) {
        if (pgDays == Integer.MAX_VALUE) {
            return "infinity";
        }
        if (pgDays == Integer.MIN_VALUE) {
            return "-infinity";
        }
        byte[] b = new byte[10];
        int n = writeDate(b, pgDays + PG_EPOCH_DAY);
        return n < 0 ? null : new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes {@code yyyy-mm-dd} at the start of {@code b}: the civil date of a day count, by Howard
     * Hinnant's {@code civil_from_days} (400-year eras of 146,097 days, years starting in March).
     *
     * @param epochDay days since 1970-01-01
     * @return the length written (10), or -1 when the year is outside 1..9999
     */
    private static int writeDate(byte[] b, long epochDay) {
        long z = epochDay + 719_468; // days since 0000-03-01
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153; // month index counted from March
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 1 || year > 9999) {
            return -1;
        }
        int n = digits(b, 0, (int) year, 4);
        b[n++] = '-';
        n = digits(b, n, month, 2);
        b[n++] = '-';
        return digits(b, n, day, 2);
    }

    /** Writes {@code value} (not negative) as exactly {@code width} decimal digits, zero-padded. */
    private static int digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
