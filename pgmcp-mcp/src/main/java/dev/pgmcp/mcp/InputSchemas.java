package dev.pgmcp.mcp;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a tool call's arguments against the tool's input schema before the tool runs, so a wrong
 * argument gets a clear error result naming it (MCP "Tools": the server MUST validate inputs).
 * Each schema is compiled once, when the server starts, with the JSON Schema dialect MCP tool schemas
 * default to (draft 2020-12). A schema the library cannot compile is reported in the log at start-up
 * and its tool's arguments are left to the tool's own checks ({@code dev.pgmcp.spi.Arguments}).
 */
final class InputSchemas {

    private static final Logger LOG = LoggerFactory.getLogger(InputSchemas.class);
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012());

    private InputSchemas() {
    }

    /**
     * @param tool   the tool's name (for the log)
     * @param schema its input schema as plain maps
     * @return the compiled schema, or {@code null} when it cannot be compiled
     */
    static Schema compile(String tool, Map<String, Object> schema) {
        try {
            return REGISTRY.getSchema(JsonRpc.MAPPER.valueToTree(schema));
        } catch (RuntimeException e) {
            LOG.warn("tool {}: input schema not usable for validation ({}); its arguments are checked by the tool only",
                    tool, e.getMessage());
            return null;
        }
    }

    /**
     * @param compiled  a schema from {@link #compile}, or {@code null}
     * @param arguments the call's arguments (decoded JSON object)
     * @return {@code null} when they conform, else the violations in one line
     */
    static String violations(Schema compiled, Map<String, Object> arguments) {
        if (compiled == null) {
            return null;
        }
        List<Error> errors = compiled.validate(JsonRpc.MAPPER.valueToTree(arguments));
        return errors.isEmpty() ? null : errors.stream().map(Error::toString).collect(Collectors.joining("; "));
    }
}
