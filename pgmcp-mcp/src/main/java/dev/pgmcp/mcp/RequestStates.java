package dev.pgmcp.mcp;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens the {@code requestState} of 2026-07-28 multi round-trip requests ("Multi Round-Trip
 * Requests": the server MUST treat it as attacker-controlled and SHOULD protect its integrity and bind
 * it to the principal, a short lifetime and the request). The sealed form is
 * {@code base64url(payload) "." base64url(HMAC-SHA256(key, base64url(payload)))}, the payload a JSON
 * object holding the state, its expiry, the principal, the method, the tool's name and a digest of the
 * arguments: state sealed for one call opens for that call only, by the same principal, within
 * {@link #TTL}. The MCP Java SDK has the same scheme ({@code HmacRequestStateCodec}), but it can only be
 * called from inside the SDK's own server (its request context has no public constructor).
 *
 * <p>The key is random per process unless given: servers behind a load balancer that may route a
 * retry to another instance share one key (at least 32 bytes).
 */
final class RequestStates {

    /** How long a sealed state opens. */
    static final Duration TTL = Duration.ofMinutes(10);

    private final SecretKeySpec key;
    private final Clock clock;

    /** @param key the HMAC key, at least 32 bytes; {@code null} for a random one */
    RequestStates(byte[] key, Clock clock) {
        byte[] k = key;
        if (k == null) {
            k = new byte[32];
            new SecureRandom().nextBytes(k);
        }
        if (k.length < 32) {
            throw new IllegalArgumentException("the request state key needs at least 32 bytes, got " + k.length);
        }
        this.key = new SecretKeySpec(k, "HmacSHA256");
        this.clock = clock;
    }

    /**
     * @param state     what to carry to the next round (decoded JSON)
     * @param principal who is calling
     * @param method    the request's method
     * @param name      the tool's (or prompt's) name, or the resource's URI
     * @param arguments the request's arguments, bound by digest
     * @return the sealed state
     */
    String seal(Map<String, Object> state, String principal, String method, String name, Map<String, Object> arguments) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("v", 1);
        payload.put("s", state);
        payload.put("exp", clock.millis() + TTL.toMillis());
        payload.put("p", principal);
        payload.put("m", method);
        payload.put("n", name);
        payload.put("a", digest(arguments));
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(JsonRpc.encode(payload));
        return body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(body));
    }

    /**
     * @return the state sealed for exactly this call, or {@code null} when {@code sealed} is not ours,
     *         was altered, has expired, or was sealed for another principal, method, name or arguments
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> open(String sealed, String principal, String method, String name, Map<String, Object> arguments) {
        int dot = sealed.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        String body = sealed.substring(0, dot);
        byte[] given;
        byte[] payloadBytes;
        try {
            given = Base64.getUrlDecoder().decode(sealed.substring(dot + 1));
            payloadBytes = Base64.getUrlDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!MessageDigest.isEqual(given, mac(body))) {
            return null;
        }
        Object decoded;
        try {
            decoded = JsonRpc.decode(payloadBytes, 0, payloadBytes.length);
        } catch (ProtocolException e) {
            return null;
        }
        if (!(decoded instanceof Map<?, ?> p) || !(p.get("exp") instanceof Number exp) || exp.longValue() < clock.millis()
                || !principal.equals(p.get("p")) || !method.equals(p.get("m")) || !name.equals(p.get("n"))
                || !digest(arguments).equals(p.get("a")) || !(p.get("s") instanceof Map<?, ?> state)) {
            return null;
        }
        return (Map<String, Object>) state;
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** @return SHA-256 of the arguments as JSON with every object's keys sorted, base64url */
    static String digest(Map<String, Object> arguments) {
        try {
            Map<String, Object> wrapped = new LinkedHashMap<>();
            wrapped.put("a", canonical(arguments));
            byte[] json = JsonRpc.encode(wrapped);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static Object canonical(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(RequestStates::canonical).toList();
        }
        return value;
    }
}
