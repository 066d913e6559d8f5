package dev.pgmcp.internal.exec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A binary {@code timestamptz} (microseconds since 2000-01-01) to its ISO-8601 text, as the executor
 * reads every time stamp of a prepared statement's rows: with a new array per value, and with the
 * column reader's scratch array. Nanoseconds per value; run with {@code -prof gc} for the bytes
 * allocated per value (the string's alone with the scratch array).
 *
 * <p>It lives in {@code dev.pgmcp.internal.exec} (in the benchmark module) because
 * {@link IsoDateTimes} is package-private there.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimestampBenchmark {

    private final long[] values = new long[1024];
    private final byte[] scratch = new byte[IsoDateTimes.TIMESTAMP_BYTES];
    private int next;

    /** Time stamps between 2000 and 2030, with microseconds, from a fixed seed. */
    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextLong(30L * 365 * 86_400_000_000L);
        }
    }

    private long nextValue() {
        next = (next + 1) & (values.length - 1);
        return values[next];
    }

    /** A new array for each value's text, then the string. */
    @Benchmark
    public void newArrayPerValue(Blackhole hole) {
        hole.consume(IsoDateTimes.timestamp(nextValue(), true));
    }

    /** The text in the reader's scratch array, then the string. */
    @Benchmark
    public void scratchArray(Blackhole hole) {
        hole.consume(IsoDateTimes.timestamp(nextValue(), true, scratch));
    }
}
