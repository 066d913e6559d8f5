package dev.pgmcp.mcp;

import dev.pgmcp.internal.exec.JsonText;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import tools.jackson.core.JacksonException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link JsonRpc#write} and {@link JsonRpc#decode} read and write messages token by token
 * ({@link JsonTrees}); what they produce is what the mapper's {@code writeValue} and
 * {@code readValue(..., Object.class)} produce, byte for byte and value for value, for any tree and
 * any input, valid or not.
 */
class JsonTreesProperties {

    @Provide
    Arbitrary<Object> trees() {
        return tree(3);
    }

    private static Arbitrary<Object> tree(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').withChars('"', '\\', '\u2028', '\ud83d')
                        .ofMaxLength(8),
                Arbitraries.integers(),
                Arbitraries.longs(),
                Arbitraries.bigIntegers().between(BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(70)),
                Arbitraries.bigIntegers().between(BigInteger.valueOf(-99999), BigInteger.valueOf(99999))
                        .flatMap(u -> Arbitraries.integers().between(-3, 12).map(scale -> new BigDecimal(u, scale))),
                Arbitraries.doubles(),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE),
                Arbitraries.of("{\"a\":[1,2.50]}", "[]", "{\"n\":1e400}").map(JsonText::new)).injectNull(0.1);
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Object> inner = tree(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(4, leaf),
                Tuple.of(2, inner.list().ofMaxSize(4).map(l -> l)),
                Tuple.of(2, Arbitraries.maps(Arbitraries.strings().ofMaxLength(5), inner).ofMaxSize(4)
                        .map(m -> new LinkedHashMap<>(m))),
                // A key that is not a string: the whole map goes to the mapper.
                Tuple.of(1, Arbitraries.maps(Arbitraries.integers().between(-5, 5), inner).ofMaxSize(3)
                        .map(m -> m)));
    }

    private static byte[] written(Object tree) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonRpc.write(tree, out);
        return out.toByteArray();
    }

    @Property(tries = 1000)
    void writesWhatTheMapperWrites(@ForAll("trees") Object tree) throws IOException {
        assertArrayEquals(JsonRpc.MAPPER.writeValueAsBytes(tree), written(tree),
                () -> JsonRpc.MAPPER.writeValueAsString(tree));
    }

    /**
     * A message as {@link JsonRpc#encode} returns it, from a few bytes to several of its builder's
     * segments (a long string, repeated): the bytes {@link JsonRpc#write} writes, in order, none lost.
     */
    @Property(tries = 200)
    void encodesWhatItWrites(@ForAll("trees") Object tree,
                             @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 300_000) int padding)
            throws IOException {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("tree", tree);
        message.put("pad", "p\u00e9\"".repeat(padding / 4) + padding);
        assertArrayEquals(written(message), JsonRpc.encode(message));
    }

    @Property(tries = 1000)
    void readsWhatTheMapperReadsFromValidJson(@ForAll("trees") Object tree) {
        byte[] json = JsonRpc.MAPPER.writeValueAsBytes(Arrays.asList(tree, Collections.singletonMap("v", tree)));
        assertEquals(JsonRpc.MAPPER.readValue(json, Object.class), JsonRpc.decode(json, 0, json.length));
    }

    /** Any text, valid JSON or not: the same value, or the same refusal. */
    @Property(tries = 2000)
    void readsOrRefusesAsTheMapperDoes(@ForAll("texts") String text) {
        assertEquals(viaMapper(text), viaDecode(text), text);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("{}[]\":,0123456789.eE-+ tfalsenru\\x\n").ofMaxLength(24),
                trees().map(t -> JsonRpc.MAPPER.writeValueAsString(Collections.singletonList(t))).flatMap(s -> Arbitraries.integers().between(0, s.length()).flatMap(cut ->
                        Arbitraries.of("", "x", " ", "]", "{}", ",1").map(tail -> s.substring(0, cut) + tail))));
    }

    private static String viaMapper(String text) {
        Object value;
        try {
            value = JsonRpc.MAPPER.readValue(text.getBytes(StandardCharsets.UTF_8), Object.class);
        } catch (JacksonException e) {
            return "parse error";
        }
        return value instanceof Map || value instanceof List ? "value " + value : "invalid request";
    }

    private static String viaDecode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            return "value " + JsonRpc.decode(bytes, 0, bytes.length);
        } catch (ProtocolException e) {
            return e.code() == JsonRpc.PARSE_ERROR ? "parse error" : "invalid request";
        }
    }

    @Example
    void aRepeatedNameKeepsItsFirstPlaceAndItsLastValue() {
        byte[] json = "{\"a\":1,\"b\":2.50,\"a\":[3]}".getBytes(StandardCharsets.UTF_8);
        Object decoded = JsonRpc.decode(json, 0, json.length);
        assertEquals(JsonRpc.MAPPER.readValue(json, Object.class), decoded);
        assertEquals("{a=[3], b=2.50}", decoded.toString());
        assertEquals(List.of("a", "b"), List.copyOf(((Map<?, ?>) decoded).keySet()));
    }
}
