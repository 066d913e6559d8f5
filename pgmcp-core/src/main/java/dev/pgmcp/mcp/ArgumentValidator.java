package dev.pgmcp.mcp;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import tools.jackson.databind.json.JsonMapper;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The JSON Schema validator pgmcp gives the MCP Java SDK's server: it checks tool <em>arguments</em>
 * against input schemas (the SDK's default validator, so a bad argument gets a clear error before
 * any tool runs), and vouches for tool <em>results</em> against the output schemas pgmcp registered.
 *
 * <p>Why results are not validated again: the SDK validates the structured content of every result
 * whose tool declares an output schema, which builds a Jackson tree of the whole content and walks
 * every row through the schema, on every call; for a 1,000-row result that costs more than
 * rendering and serializing it (see {@code EncodingBenchmark.validateOutputAsTheSdkDoes}). pgmcp's
 * results are built by one renderer whose conformance to the schemas is proven by tests
 * ({@code OutputSchemaTest} validates every built-in tool's results with this same SDK validator).
 * A host tool's output schema is not pgmcp's: results of host tools are validated as usual, because
 * only the exact schema instances registered through {@link #vouchFor} are skipped.
 */
final class ArgumentValidator implements JsonSchemaValidator {

    private final JsonSchemaValidator delegate = new DefaultJsonSchemaValidator(JsonMapper.builder().build());
    private final Set<Map<String, Object>> vouched = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    /**
     * Marks an output schema whose results need no validation (compared by identity: the very map
     * given to the SDK's tool).
     *
     * @return {@code schema}, for chaining into the tool builder
     */
    Map<String, Object> vouchFor(Map<String, Object> schema) {
        vouched.add(schema);
        return schema;
    }

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object instance) {
        if (vouched.contains(schema)) {
            return ValidationResponse.asValid(null);
        }
        return delegate.validate(schema, instance);
    }
}
