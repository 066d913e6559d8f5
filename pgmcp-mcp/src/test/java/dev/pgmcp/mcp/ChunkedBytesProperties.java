package dev.pgmcp.mcp;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** {@link ChunkedBytes} gives back exactly the bytes written, however they were cut into writes. */
class ChunkedBytesProperties {

    @Property(tries = 200)
    void writesComeBackInOrder(@ForAll @Size(max = 40) List<@IntRange(min = 0, max = 300_000) Integer> pieces,
                               @ForAll long seed) throws Exception {
        Random random = new Random(seed);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ChunkedBytes chunked = new ChunkedBytes();
        for (int length : pieces) {
            if (length % 7 == 0) { // single bytes too
                int b = random.nextInt(256);
                expected.write(b);
                chunked.write(b);
            }
            byte[] piece = new byte[length];
            random.nextBytes(piece);
            int off = length == 0 ? 0 : random.nextInt(length);
            expected.write(piece, off, length - off);
            chunked.write(piece, off, length - off);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunked.writeTo(out);
        assertArrayEquals(expected.toByteArray(), out.toByteArray());
    }
}
