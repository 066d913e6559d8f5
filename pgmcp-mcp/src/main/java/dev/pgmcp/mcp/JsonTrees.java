package dev.pgmcp.mcp;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * Messages as plain trees ({@link JsonRpc}'s maps, lists, strings, numbers, booleans, nulls), read
 * from and written to Jackson's token streams directly.
 *
 * <p>Why not the mapper's {@code readValue(..., Object.class)} and {@code writeValue}: for an untyped
 * tree they do the same token work after a serializer or deserializer lookup per value (by its
 * runtime class), which on every message was most of their cost. The result is the mapper's, token
 * for token: objects as {@link LinkedHashMap} (a repeated name keeps its first place and its last
 * value), arrays as {@link ArrayList}, integers as {@code Integer}, {@code Long} or
 * {@code BigInteger} by size, other numbers as {@link BigDecimal} (the mapper's
 * {@code USE_BIG_DECIMAL_FOR_FLOATS}); any value of another type in a tree to write (a
 * {@code JsonText}, a {@code Double}, a record) is handed to the mapper the generator came from.
 */
final class JsonTrees {

    private JsonTrees() {
    }

    /**
     * Reads one value whose first token {@code first} the parser has just returned.
     *
     * @throws StreamReadException when the input ends inside the value
     */
    static Object read(JsonParser p, JsonToken first) {
        switch (first) {
            case START_OBJECT: {
                Map<String, Object> object = new LinkedHashMap<>();
                for (String name = p.nextName(); name != null; name = p.nextName()) {
                    object.put(name, read(p, next(p)));
                }
                return object;
            }
            case START_ARRAY: {
                List<Object> array = new ArrayList<>();
                for (JsonToken t = next(p); t != JsonToken.END_ARRAY; t = next(p)) {
                    array.add(read(p, t));
                }
                return array;
            }
            case VALUE_STRING:
                return p.getString();
            case VALUE_NUMBER_INT:
                return p.getNumberValue(); // Integer, Long or BigInteger, the smallest that holds it
            case VALUE_NUMBER_FLOAT:
                return p.getDecimalValue(); // the number as written: 2.50 stays 2.50
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new StreamReadException(p, "unexpected token " + first);
        }
    }

    private static JsonToken next(JsonParser p) {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new StreamReadException(p, "unexpected end of input");
        }
        return t;
    }

    /**
     * Writes {@code value} (a tree, or any value the generator's mapper can write). The final classes
     * come first: a class test is one comparison, while {@code instanceof} an interface may scan the
     * class's interfaces, and a row of 10,000 results is mostly scalars.
     */
    static void write(JsonGenerator g, Object value) {
        if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Integer n) {
            g.writeNumber(n.intValue());
        } else if (value instanceof Long n) {
            g.writeNumber(n.longValue());
        } else if (value == null) {
            g.writeNull();
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            if (list instanceof RandomAccess) {
                // By index: one interface call per item, where an iterator takes two (and an allocation).
                for (int i = 0, n = list.size(); i < n; i++) {
                    write(g, list.get(i));
                }
            } else {
                for (Object item : list) {
                    write(g, item);
                }
            }
            g.writeEndArray();
        } else if (value instanceof Map<?, ?> map && stringKeys(map)) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeName((String) e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof BigDecimal n) {
            g.writeNumber(n);
        } else if (value instanceof BigInteger n) {
            g.writeNumber(n);
        } else {
            g.writePOJO(value);
        }
    }

    /** A map with another key (or a null one) is the mapper's to write, keys and all. */
    private static boolean stringKeys(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }
}
