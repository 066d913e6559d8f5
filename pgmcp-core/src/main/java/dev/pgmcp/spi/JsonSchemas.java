package dev.pgmcp.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact way to write the JSON Schemas (draft 2020-12 subset) that tools declare, as the plain
 * maps {@link Tool#inputSchema()} and {@link Tool#outputSchema()} return.
 *
 * <p>Every schema goes into the model's context with the tool list, in every conversation, so each
 * byte counts: describe what a name and the tool's description do not already say, and leave the
 * rest out. Every {@code description} parameter below may be {@code null} for a schema without one.
 *
 * <ul>
 *   <li>Input schemas are strict: {@link #object()} rejects unknown arguments, and lists the
 *       required ones.</li>
 *   <li>Output schemas are {@link #open()}: they give each property of the result its JSON type
 *       ({@link ObjectBuilder#property}); the objects nested in it (the items of a list of
 *       customers, say) are typed {@code object}, their fields named by the tool's description,
 *       unless a client needs them to read the result (a row result's {@code columns}). They have no
 *       {@code required} list (it would repeat every name) and no {@code additionalProperties} (a
 *       result may gain a field without breaking a client that validates against an older
 *       schema).</li>
 * </ul>
 *
 * <pre>{@code
 * JsonSchemas.object()
 *     .required("sql", JsonSchemas.string("One read-only SQL statement", "SELECT 1"))
 *     .optional("limit", JsonSchemas.integer("Row cap", 1, 1000, 100))
 *     .build();
 * JsonSchemas.open()
 *     .property("name", JsonSchemas.type("string"))
 *     .property("comment", JsonSchemas.type("string", "null"))
 *     .build();
 * }</pre>
 */
public final class JsonSchemas {

    private JsonSchemas() {
    }

    /** @return a builder of an {@code object} schema that rejects unknown properties (for arguments) */
    public static ObjectBuilder object() {
        return new ObjectBuilder();
    }

    /**
     * @return a builder of an {@code object} schema that accepts properties it does not list (it
     * writes no {@code additionalProperties}, which JSON Schema then takes as allowed): for output
     * schemas
     */
    public static ObjectBuilder open() {
        return new ObjectBuilder().additionalProperties(true);
    }

    /**
     * The structured content of a row result, as every tool that returns rows has it (see
     * {@link ObjectBuilder#rowResult()} for the properties).
     *
     * @return an {@link #open()} builder with the row-result properties; add the tool's own to it
     */
    public static ObjectBuilder rowResult() {
        return open().rowResult();
    }

    /**
     * @param values the schema of every value
     * @return an {@code object} schema of a map: any property names, each value matching
     * {@code values} (e.g. counts by priority)
     */
    public static Map<String, Object> mapOf(Map<String, Object> values) {
        Map<String, Object> m = typed("object", null);
        m.put("additionalProperties", values);
        return m;
    }

    /**
     * @param types one JSON type ({@code "string"}) or several ({@code "string", "null"})
     * @return a schema of that type, without a description: for a property whose name says enough
     */
    public static Map<String, Object> type(String... types) {
        return any(null, types);
    }

    /** @return a string schema with a description ({@code null} for none) and examples */
    public static Map<String, Object> string(String description, String... examples) {
        Map<String, Object> m = typed("string", description);
        if (examples.length > 0) {
            m.put("examples", List.of(examples));
        }
        return m;
    }

    /** @return a string schema restricted to some values; {@code description} may be {@code null} */
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
        Map<String, Object> m = typed("integer", description);
        m.put("minimum", minimum);
        return m;
    }

    /** @return a boolean schema with the value assumed when absent; {@code description} may be {@code null} */
    public static Map<String, Object> bool(String description, boolean defaultValue) {
        Map<String, Object> m = typed("boolean", description);
        m.put("default", defaultValue);
        return m;
    }

    /**
     * @return an array schema whose items match {@code items} ({@code null} for any JSON value);
     * {@code description} may be {@code null}
     */
    public static Map<String, Object> array(String description, Map<String, Object> items) {
        Map<String, Object> m = typed("array", description);
        if (items != null) {
            m.put("items", items);
        }
        return m;
    }

    /** @return an array schema without a description whose items match {@code items} ({@code null} for any) */
    public static Map<String, Object> arrayOf(Map<String, Object> items) {
        return array(null, items);
    }

    /**
     * @return a schema of the given JSON type(s), e.g. {@code any("x", "string", "number")};
     * {@code description} may be {@code null}
     */
    public static Map<String, Object> any(String description, String... types) {
        return typed(types.length == 1 ? types[0] : List.of(types), description);
    }

    private static Map<String, Object> typed(Object type, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        if (description != null) {
            m.put("description", description);
        }
        return m;
    }

    /** Builds an {@code object} schema property by property. */
    public static final class ObjectBuilder {
        private final Map<String, Object> properties = new LinkedHashMap<>();
        private final List<String> required = new ArrayList<>();
        private boolean additional = false;
        private String description;

        /** Adds a required property (for input schemas: an argument the call must give). */
        public ObjectBuilder required(String name, Map<String, Object> schema) {
            properties.put(name, schema);
            required.add(name);
            return this;
        }

        /** Adds an optional property (for input schemas: an argument the call may leave out). */
        public ObjectBuilder optional(String name, Map<String, Object> schema) {
            properties.put(name, schema);
            return this;
        }

        /**
         * Adds a property without listing it as required: for output schemas, which name and type
         * what a result has without a {@code required} list (see the class comment).
         */
        public ObjectBuilder property(String name, Map<String, Object> schema) {
            return optional(name, schema);
        }

        /**
         * Adds the properties of a row result: {@code columns} (each {@code name} and PostgreSQL
         * {@code type}, e.g. {@code int4}, {@code numeric}, {@code text[]}), {@code rows} (arrays of
         * values in column order), {@code rowCount}, {@code truncated}, and, only when a cap hit,
         * {@code truncation} (each cap that hit: {@code rows} or {@code bytes}, then more rows exist;
         * {@code cells}, then long values were cut) and {@code cutCells} (how many values were cut).
         *
         * <p>The values' forms ({@code dev.pgmcp.spi.QueryResult}) are not in the schema, whose bytes
         * every conversation pays: an {@code int8} is an integer, or a decimal string beyond
         * ±(2^53−1); a {@code numeric} a decimal string; a {@code json}/{@code jsonb} value an object
         * or array, or PostgreSQL's JSON text in a string (scalars, and values a JSON reader would not
         * get back exactly).
         */
        public ObjectBuilder rowResult() {
            Map<String, Object> column = open().property("name", type("string")).property("type", type("string")).build();
            Map<String, Object> cap = new LinkedHashMap<>();
            cap.put("enum", List.of("rows", "bytes", "cells"));
            return property("columns", arrayOf(column))
                    .property("rows", arrayOf(type("array")))
                    .property("rowCount", type("integer"))
                    .property("truncated", type("boolean"))
                    .property("truncation", arrayOf(cap))
                    .property("cutCells", type("integer"));
        }

        /**
         * Allows properties not listed, or not (the default of {@link #object()}). Allowed is what
         * JSON Schema assumes, so the schema then has no {@code additionalProperties} keyword.
         */
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
            if (!additional) {
                m.put("additionalProperties", false);
            }
            return m;
        }
    }
}
