package dev.pgmcp.http.auth;

import dev.pgmcp.spi.Principal;
import jakarta.servlet.http.HttpServletRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accepts requests carrying one of a fixed set of bearer tokens ({@code PGMCP_HTTP_BEARER_TOKENS}).
 * The principal is the token's label, never the token.
 *
 * <p>Comparison is constant-time: the presented token and every configured one are hashed with SHA-256
 * (so lengths do not leak) and compared with {@link MessageDigest#isEqual}, and every configured token
 * is compared on every request (so the position of a match does not leak either).
 */
public final class StaticTokenAuthenticator implements Authenticator {

    private record Entry(String label, byte[] digest) {
    }

    private final List<Entry> tokens = new ArrayList<>();

    /**
     * @param tokensByLabel the accepted tokens by label (the principal's name)
     * @throws IllegalArgumentException when there are none
     */
    public StaticTokenAuthenticator(Map<String, String> tokensByLabel) {
        if (tokensByLabel.isEmpty()) {
            throw new IllegalArgumentException("at least one token is required");
        }
        tokensByLabel.forEach((label, token) -> tokens.add(new Entry(label, sha256(token))));
    }

    @Override
    public Principal authenticate(HttpServletRequest request) throws AuthenticationException {
        byte[] presented = sha256(BearerTokens.from(request));
        String match = null;
        for (Entry e : tokens) {
            if (MessageDigest.isEqual(e.digest, presented) && match == null) {
                match = e.label;
            }
        }
        if (match == null) {
            throw new AuthenticationException(AuthenticationException.Failure.INVALID, "unknown token");
        }
        return new Principal(match, "bearer", Set.of());
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
