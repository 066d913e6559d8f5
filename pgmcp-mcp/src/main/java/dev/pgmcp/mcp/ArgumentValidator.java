package dev.pgmcp.mcp;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 *
 * <p>Arguments are checked against input schemas compiled once ({@link #compileInput}), with the
 * same JSON Schema library and dialect (networknt, draft 2020-12) as the SDK's validator. Why not
 * the SDK's validator on every call: it finds its compiled schema by a key computed from the whole
 * schema tree, and on success renders the arguments back to a JSON string nobody reads (about 3%
 * of the server's CPU per point query over stdio). Arguments that fail are checked again by the
 * SDK's validator, so that the error message is its own.
 */
final class ArgumentValidator implements JsonSchemaValidator {

    private static final Logger LOG = LoggerFactory.getLogger(ArgumentValidator.class);

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final JsonSchemaValidator delegate = new DefaultJsonSchemaValidator(mapper);
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012());
    private final Set<Map<String, Object>> vouched = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private final Map<Map<String, Object>, Schema> inputs = Collections.synchronizedMap(new IdentityHashMap<>());

    /**
     * Compiles a tool's input schema once, so that each call's arguments are checked against it
     * directly (compared by identity: the very map given to the SDK's tool). A schema the library
     * cannot compile is left to the SDK's validator, which reports it on each call as before.
     *
     * @return {@code schema}, for chaining into the tool builder
     */
    Map<String, Object> compileInput(Map<String, Object> schema) {
        try {
            inputs.put(schema, registry.getSchema(mapper.valueToTree(schema)));
        } catch (RuntimeException e) {
            LOG.debug("input schema not compiled ahead; the SDK's validator checks it per call: {}", e.toString());
        }
        return schema;
    }

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
        Schema compiled = inputs.get(schema);
        if (compiled != null && instance != null && compiled.validate(mapper.valueToTree(instance)).isEmpty()) {
            return ValidationResponse.asValid(null);
        }
        return delegate.validate(schema, instance); // not compiled, or invalid: the SDK's verdict and message
    }
}
