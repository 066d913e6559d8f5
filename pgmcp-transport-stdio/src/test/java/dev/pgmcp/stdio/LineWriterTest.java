package dev.pgmcp.stdio;

import dev.pgmcp.mcp.JsonRpc;
import dev.pgmcp.testing.RecordingStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What reaches stdout, write by write: each message as one line, in one write, and stdout left open. */
class LineWriterTest {

    @Test
    void eachMessageGoesOutAsOneWriteOfOneLine() throws Exception {
        RecordingStream stdout = new RecordingStream();
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
        assertEquals(List.of(firstLine, expected.toString(StandardCharsets.UTF_8) + "\n"), stdout.writes());
        assertEquals(false, stdout.closed());
    }
}
