package dev.pgmcp.mcp;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ArgumentValidator} gives the SDK validator's verdicts, and its messages, for compiled input schemas. */
class ArgumentValidatorTest {

    private static final DefaultJsonSchemaValidator SDK = new DefaultJsonSchemaValidator(JsonMapper.builder().build());

    private static Map<String, Object> schema() {
        return Map.of("type", "object",
                "properties", Map.of(
                        "sql", Map.of("type", "string", "minLength", 1),
                        "limit", Map.of("type", "integer", "minimum", 1, "maximum", 1000),
                        "params", Map.of("type", "array")),
                "required", List.of("sql"),
                "additionalProperties", false);
    }

    @Test
    void compiledSchemaGivesTheSdkVerdictAndMessage() {
        ArgumentValidator validator = new ArgumentValidator();
        Map<String, Object> schema = validator.compileInput(schema());
        List<Map<String, Object>> instances = List.of(
                Map.of("sql", "SELECT 1"),
                Map.of("sql", "SELECT 1", "limit", 10, "params", List.of(1, "a")),
                Map.of(),
                Map.of("sql", ""),
                Map.of("sql", "SELECT 1", "limit", 0),
                Map.of("sql", "SELECT 1", "limit", "ten"),
                Map.of("sql", 42),
                Map.of("sql", "SELECT 1", "extra", true));
        for (Map<String, Object> args : instances) {
            ValidationResponse ours = validator.validate(schema, args);
            ValidationResponse sdk = SDK.validate(schema, args);
            assertEquals(sdk.valid(), ours.valid(), args.toString());
            assertEquals(sdk.errorMessage(), ours.errorMessage(), args.toString());
        }
        assertTrue(validator.validate(schema, Map.of("sql", "SELECT 1")).valid());
        assertFalse(validator.validate(schema, Map.of("limit", 5)).valid());
    }

    @Test
    void aSchemaNotCompiledIsLeftToTheSdk() {
        ArgumentValidator validator = new ArgumentValidator();
        Map<String, Object> schema = schema(); // not registered: an equal map is not the same instance
        validator.compileInput(schema());
        ValidationResponse ours = validator.validate(schema, Map.of("sql", 1));
        assertFalse(ours.valid());
        assertEquals(SDK.validate(schema, Map.of("sql", 1)).errorMessage(), ours.errorMessage());
        assertEquals(SDK.validate(schema, Map.of("sql", "x")).jsonStructuredOutput(),
                validator.validate(schema, Map.of("sql", "x")).jsonStructuredOutput());
    }

    @Test
    void vouchedOutputSchemasPassWithoutValidation() {
        ArgumentValidator validator = new ArgumentValidator();
        Map<String, Object> output = validator.vouchFor(Map.of("type", "object", "required", List.of("rows")));
        assertTrue(validator.validate(output, Map.of()).valid());
    }
}
