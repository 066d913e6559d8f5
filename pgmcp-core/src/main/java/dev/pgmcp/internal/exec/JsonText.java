package dev.pgmcp.internal.exec;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.jsontype.TypeSerializer;

import java.util.Objects;

/**
 * A {@code json} or {@code jsonb} object or array in a result row, held as PostgreSQL's own text of
 * the value and written into JSON output as that text, unchanged: number text such as {@code 2.50}
 * or {@code 1e3}, key order and (for {@code json}) white space stay as PostgreSQL gave them.
 *
 * <p>A result holds one only for a value that a JSON reader gets back exactly: an object or array
 * with no duplicate key at any level and whose every number is the same number after a trip through
 * a double (see {@link QueryResult} for the whole mapping). Any Jackson mapper writes it as its text
 * ({@link JacksonSerializable}); {@link #toString()} is the text as well.
 *
 * @param text PostgreSQL's text of the value: a JSON object or array (never {@code null})
 */
public record JsonText(String text) implements JacksonSerializable {

    /**
     * @throws NullPointerException if {@code text} is {@code null}
     */
    public JsonText {
        Objects.requireNonNull(text, "text");
    }

    /** Writes the text as it is, as one JSON value. */
    @Override
    public void serialize(JsonGenerator g, SerializationContext context) throws JacksonException {
        g.writeRawValue(text);
    }

    /** As {@link #serialize}: the value carries no type information. */
    @Override
    public void serializeWithType(JsonGenerator g, SerializationContext context, TypeSerializer typeSerializer)
            throws JacksonException {
        serialize(g, context);
    }

    /** @return the JSON text */
    @Override
    public String toString() {
        return text;
    }
}
