package dev.pgmcp.internal.exec;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link IsoDateTimes}' wire-integer writer and its java.time path ({@link IsoDateTimes#local},
 * {@link IsoDateTimes#utc}, a {@code DateTimeFormatter}) write the same text for every value, and
 * that text is PostgreSQL's: seconds always, the fraction without trailing zeros.
 */
class IsoDateTimesProperties {

    /** 2000-01-01T00:00:00Z in seconds since 1970-01-01. */
    private static final long PG_EPOCH_SECOND = 946_684_800L;
    /** 0001-01-01T00:00 and 10000-01-01T00:00 in PostgreSQL microseconds (since 2000-01-01). */
    private static final long FIRST = -63_082_281_600_000_000L;
    private static final long PAST_LAST = 252_455_616_000_000_000L;

    private static LocalDateTime javaTime(long pgMicros) {
        long seconds = Math.floorDiv(pgMicros, 1_000_000L) + PG_EPOCH_SECOND;
        int nanos = (int) Math.floorMod(pgMicros, 1_000_000L) * 1000;
        return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
    }

    @Property(tries = 3000)
    void timestampsMatchJavaTime(@ForAll @LongRange(min = FIRST, max = PAST_LAST - 1) long micros) {
        assertEquals(IsoDateTimes.local(javaTime(micros)), IsoDateTimes.timestamp(micros, false));
        assertEquals(IsoDateTimes.utc(javaTime(micros).atOffset(ZoneOffset.UTC)), IsoDateTimes.timestamp(micros, true));
        // Both parse back to the same instant.
        assertEquals(javaTime(micros), LocalDateTime.parse(IsoDateTimes.timestamp(micros, false)));
        // A reader's scratch array holds the previous value's text, longer or shorter: none of it shows.
        assertEquals(IsoDateTimes.timestamp(micros, true), IsoDateTimes.timestamp(micros, true, SCRATCH));
        assertEquals(IsoDateTimes.timestamp(micros, false), IsoDateTimes.timestamp(micros, false, SCRATCH));
    }

    /** Shared by every try, as a column reader shares it between rows. */
    private static final byte[] SCRATCH = new byte[IsoDateTimes.TIMESTAMP_BYTES];

    /** Whole seconds, minutes and milliseconds: the shapes where java.time's toString would leave parts out. */
    @Property(tries = 1000)
    void roundValuesMatchJavaTime(@ForAll @LongRange(min = FIRST / 60_000_000, max = PAST_LAST / 60_000_000 - 1) long minutes,
                                  @ForAll @IntRange(min = 0, max = 59) int second, @ForAll @IntRange(min = 0, max = 999) int milli) {
        for (long micros : new long[] {minutes * 60_000_000, minutes * 60_000_000 + second * 1_000_000L,
                minutes * 60_000_000 + milli * 1000L, minutes * 60_000_000 + second * 1_000_000L + milli * 1000L + 1}) {
            assertEquals(IsoDateTimes.local(javaTime(micros)), IsoDateTimes.timestamp(micros, false));
        }
    }

    @Property(tries = 3000)
    void datesMatchJavaTime(@ForAll @IntRange(min = -730_119, max = 2_921_939) int pgDays) {
        assertEquals(LocalDate.ofEpochDay(pgDays + 10_957L).toString(), IsoDateTimes.date(pgDays));
    }

    @Property(tries = 500)
    void yearsOutside1To9999AreLeftToJavaTime(@ForAll @LongRange(min = Long.MIN_VALUE + 1, max = Long.MAX_VALUE - 1) long micros) {
        if (micros < FIRST || micros >= PAST_LAST) {
            assertNull(IsoDateTimes.timestamp(micros, true));
        }
    }

    /**
     * PostgreSQL's text of a {@code timestamptz} (DateStyle ISO) in a session whose TimeZone is at
     * {@code offsetSeconds} from UTC (PostgreSQL allows up to 15:59:59 either way; historical zones print
     * seconds, {@code +00:19:32}) reads as the same instant as its binary form, BC years and years beyond
     * 9999 included.
     */
    @Property(tries = 3000)
    void textWithAnyOffsetReadsAsTheBinaryForm(@ForAll @LongRange(min = FIRST - 86_400_000_000L * 800, max = PAST_LAST + 86_400_000_000L * 800) long micros,
                                               @ForAll @IntRange(min = -57_599, max = 57_599) int offsetSeconds,
                                               @ForAll boolean wholeMinutes) {
        int offset = wholeMinutes ? offsetSeconds / 60 * 60 : offsetSeconds;
        String text = postgresText(javaTime(micros + offset * 1_000_000L), offset);
        String binary = IsoDateTimes.timestamp(micros, true);
        assertEquals(binary != null ? binary : IsoDateTimes.utc(javaTime(micros).atOffset(ZoneOffset.UTC)),
                IsoDateTimes.timestampText(text, true), text);
    }

    /** How PostgreSQL writes a timestamptz whose local time at {@code offset} seconds from UTC is {@code local}. */
    private static String postgresText(LocalDateTime local, int offset) {
        int year = local.getYear();
        StringBuilder b = new StringBuilder(String.format("%04d-%02d-%02d %02d:%02d:%02d", year > 0 ? year : 1 - year,
                local.getMonthValue(), local.getDayOfMonth(), local.getHour(), local.getMinute(), local.getSecond()));
        int micros = local.getNano() / 1000;
        if (micros > 0) {
            b.append('.').append(String.format("%06d", micros).replaceAll("0+$", ""));
        }
        int abs = Math.abs(offset);
        b.append(offset < 0 ? '-' : '+').append(String.format("%02d", abs / 3600));
        if (abs % 3600 != 0) {
            b.append(String.format(":%02d", abs / 60 % 60));
            if (abs % 60 != 0) {
                b.append(String.format(":%02d", abs % 60));
            }
        }
        return year > 0 ? b.toString() : b.append(" BC").toString();
    }

    @Example
    void edges() {
        assertEquals("infinity", IsoDateTimes.timestamp(Long.MAX_VALUE, true));
        assertEquals("-infinity", IsoDateTimes.timestamp(Long.MIN_VALUE, false));
        assertEquals("infinity", IsoDateTimes.date(Integer.MAX_VALUE));
        assertEquals("-infinity", IsoDateTimes.date(Integer.MIN_VALUE));
        assertEquals("2000-01-01T00:00:00Z", IsoDateTimes.timestamp(0, true));
        assertEquals("2000-01-01T00:00:00.5", IsoDateTimes.timestamp(500_000, false));
        assertEquals("2000-01-01T00:00:00.00012", IsoDateTimes.timestamp(120, false));
        assertEquals("2000-01-01T00:00:01.12345", IsoDateTimes.timestamp(1_123_450, false));
        assertEquals("1999-12-31T23:59:59.999999", IsoDateTimes.timestamp(-1, false));
        assertEquals("0001-01-01T00:00:00", IsoDateTimes.timestamp(FIRST, false));
        assertNull(IsoDateTimes.timestamp(FIRST - 1, false));
        assertEquals("9999-12-31T23:59:59.999999Z", IsoDateTimes.timestamp(PAST_LAST - 1, true));
        assertNull(IsoDateTimes.timestamp(PAST_LAST, true));
        assertEquals("2024-02-29", IsoDateTimes.date((int) (LocalDate.of(2024, 2, 29).toEpochDay() - 10_957)));
        assertEquals("2024-06-01T10:00:00Z",
                IsoDateTimes.timestamp((OffsetDateTime.parse("2024-06-01T10:00Z").toEpochSecond() - PG_EPOCH_SECOND) * 1_000_000, true));
        assertEquals("+12345-01-01T00:00:00Z", IsoDateTimes.utc(OffsetDateTime.parse("+12345-01-01T00:00Z")));
        assertEquals("-0043-03-15T12:00:00", IsoDateTimes.local(LocalDateTime.parse("-0043-03-15T12:00")));
        assertEquals("10:00:00.25", IsoDateTimes.time(java.time.LocalTime.of(10, 0, 0, 250_000_000)));
    }
}
