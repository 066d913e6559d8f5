package dev.pgmcp.stdio;

import dev.pgmcp.mcp.JsonRpc;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What reaches stdout, write by write: each message as one line, in one write, and stdout left open. */
class LineWriterTest {

    /** Records each write that reaches it, and whether it was closed. */
    static final class Recording extends OutputStream {
        final List<String> writes = new ArrayList<>();
        boolean closed;

        @Override
        public void write(int b) {
            writes.add(String.valueOf((char) b));
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes.add(new String(b, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void eachMessageGoesOutAsOneWriteOfOneLine() throws Exception {
        Recording stdout = new Recording();
        LineWriter writer = new LineWriter(stdout);
        Map<String, Object> first = JsonRpc.object("jsonrpc", "2.0", "id", 1, "result", Map.of());
        Map<String, Object> second = JsonRpc.object("jsonrpc", "2.0", "method", "notifications/message",
                "params", JsonRpc.object("level", "info", "data", "é\n"));
        writer.write(first);
        writer.write(second);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        JsonRpc.write(first, expected);
        String firstLine = expected.toString(StandardCharsets.UTF_8) + "\n";
        expected.reset();
        JsonRpc.write(second, expected);
        assertEquals(List.of(firstLine, expected.toString(StandardCharsets.UTF_8) + "\n"), stdout.writes);
        assertEquals(false, stdout.closed);
    }
}
