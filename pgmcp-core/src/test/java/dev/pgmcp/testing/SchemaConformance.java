package dev.pgmcp.testing;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks a tool result's structured content against the tool's output schema with the JSON Schema
 * library and dialect MCP clients use (networknt, draft 2020-12), as a client that validates results would.
 */
public final class SchemaConformance {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012());

    private SchemaConformance() {
    }

    /**
     * @param schema   a JSON Schema as plain maps
     * @param instance decoded JSON (maps, lists, scalars)
     * @return the validation messages, empty when {@code instance} conforms
     */
    public static List<String> violations(Map<String, Object> schema, Object instance) {
        List<Error> errors = REGISTRY.getSchema(MAPPER.valueToTree(schema)).validate(MAPPER.valueToTree(instance));
        return errors.stream().map(Error::toString).collect(Collectors.toList());
    }

    /** Fails with the validation messages (prefixed by {@code what}) when {@code instance} does not conform. */
    public static void assertConforms(Map<String, Object> schema, Object instance, String what) {
        List<String> v = violations(schema, instance);
        assertTrue(v.isEmpty(), () -> what + ": " + v);
    }
}
