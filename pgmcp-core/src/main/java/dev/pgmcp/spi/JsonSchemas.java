package dev.pgmcp.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact way to write the JSON Schemas (draft 2020-12 subset) that tools declare, as the plain
 * maps {@link Tool#inputSchema()} returns. Explicit schemas, with descriptions and examples, make
 * models call tools reliably.
 *
 * <pre>{@code
 * JsonSchemas.object()
 *     .required("sql", JsonSchemas.string("One read-only SQL statement", "SELECT 1"))
 *     .optional("limit", JsonSchemas.integer("Row cap", 1, 1000, 100))
 *     .build();
 * }</pre>
 */
public final class JsonSchemas {

    private JsonSchemas() {
    }

    /** @return a builder of an {@code object} schema that rejects unknown properties */
    public static ObjectBuilder object() {
        return new ObjectBuilder();
    }

    /** @return a string schema with a description and examples */
    public static Map<String, Object> string(String description, String... examples) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "string");
        m.put("description", description);
        if (examples.length > 0) {
            m.put("examples", List.of(examples));
        }
        return m;
    }

    /** @return a string schema restricted to some values */
    public static Map<String, Object> enumeration(String description, String... values) {
        Map<String, Object> m = string(description);
        m.put("enum", List.of(values));
        return m;
    }

    /**
     * @param defaultValue the value assumed when absent, or {@code null}
     * @return an integer schema with bounds
     */
    public static Map<String, Object> integer(String description, int min, int max, Integer defaultValue) {
        Map<String, Object> m = integerAtLeast(description, min);
        m.put("minimum", min); // as an int: schemas compare and serialise the same as before
        m.put("maximum", max);
        if (defaultValue != null) {
            m.put("default", defaultValue);
        }
        return m;
    }

    /**
     * An integer with a lower bound only, for values PostgreSQL keeps as {@code bigint} or
     * {@code real} (sizes in bytes, row estimates): JSON Schema integers have no upper limit, and a
     * {@code maximum} of 2^31-1 would make a result for a table over 2 GiB violate its own schema.
     *
     * @param description what the value is, with its unit
     * @param minimum     the smallest value
     * @return an integer schema without {@code maximum}
     */
    public static Map<String, Object> integerAtLeast(String description, long minimum) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "integer");
        m.put("description", description);
        m.put("minimum", minimum);
        return m;
    }

    /** @return a boolean schema */
    public static Map<String, Object> bool(String description, boolean defaultValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "boolean");
        m.put("description", description);
        m.put("default", defaultValue);
        return m;
    }

    /** @return an array schema whose items match {@code items} ({@code null} for any JSON value) */
    public static Map<String, Object> array(String description, Map<String, Object> items) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "array");
        m.put("description", description);
        if (items != null) {
            m.put("items", items);
        }
        return m;
    }

    /** @return a schema of the given JSON type(s), e.g. {@code any("x", "string", "number")} */
    public static Map<String, Object> any(String description, String... types) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", types.length == 1 ? types[0] : List.of(types));
        m.put("description", description);
        return m;
    }

    /** Builds an {@code object} schema property by property. */
    public static final class ObjectBuilder {
        private final Map<String, Object> properties = new LinkedHashMap<>();
        private final List<String> required = new ArrayList<>();
        private boolean additional = false;
        private String description;

        /** Adds a required property. */
        public ObjectBuilder required(String name, Map<String, Object> schema) {
            properties.put(name, schema);
            required.add(name);
            return this;
        }

        /** Adds an optional property. */
        public ObjectBuilder optional(String name, Map<String, Object> schema) {
            properties.put(name, schema);
            return this;
        }

        /** Allows properties not listed (off by default). */
        public ObjectBuilder additionalProperties(boolean allowed) {
            this.additional = allowed;
            return this;
        }

        /** Describes the object. */
        public ObjectBuilder description(String description) {
            this.description = description;
            return this;
        }

        /** @return the schema as plain maps */
        public Map<String, Object> build() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "object");
            if (description != null) {
                m.put("description", description);
            }
            m.put("properties", properties);
            if (!required.isEmpty()) {
                m.put("required", List.copyOf(required));
            }
            m.put("additionalProperties", additional);
            return m;
        }
    }
}
