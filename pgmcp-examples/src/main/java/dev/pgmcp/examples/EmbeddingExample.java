package dev.pgmcp.examples;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.stdio.StdioServer;

import java.time.Duration;

/**
 * How a host application embeds pgmcp and adds its own tool, in a few lines: configure, add the
 * tool through the builder (or list it in {@code META-INF/services/dev.pgmcp.spi.Tool}), serve.
 *
 * <pre>{@code java -cp pgmcp-server.jar dev.pgmcp.examples.EmbeddingExample postgresql://user:pass@host/db}</pre>
 */
public final class EmbeddingExample {

    private EmbeddingExample() {
    }

    /** @param args the database URL */
    public static void main(String[] args) throws InterruptedException {
        PgMcpConfig config = PgMcpConfig.builder()
                .database("main", args[0])
                .maxRows(500)
                .statementTimeout(Duration.ofSeconds(15))
                .build();
        PgMcp pgmcp = PgMcp.builder(config)
                .addTool(new RevenueByCountryTool())
                .build();
        StdioServer.runOnProcessStdio(pgmcp); // until stdin closes
    }
}
