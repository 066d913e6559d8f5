package dev.pgmcp.http.auth;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Reads an RFC 6750 bearer token from the {@code Authorization} header (and only from there). */
public final class BearerTokens {

    private BearerTokens() {
    }

    /**
     * @param request the request
     * @return the token of {@code Authorization: Bearer <token>}
     * @throws AuthenticationException {@code MISSING} when there is no Authorization header or it is not a
     *                                 Bearer credential; {@code INVALID_REQUEST} when there are several
     *                                 Authorization headers or the token is empty
     */
    public static String from(HttpServletRequest request) throws AuthenticationException {
        List<String> headers = Collections.list(request.getHeaders("Authorization"));
        if (headers.isEmpty()) {
            throw new AuthenticationException(AuthenticationException.Failure.MISSING, "authentication required");
        }
        if (headers.size() > 1) {
            throw new AuthenticationException(AuthenticationException.Failure.INVALID_REQUEST,
                    "more than one Authorization header");
        }
        String h = headers.get(0).trim();
        if (h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw new AuthenticationException(AuthenticationException.Failure.MISSING, "a Bearer token is required");
        }
        String token = h.substring(7).trim();
        if (token.isEmpty()) {
            throw new AuthenticationException(AuthenticationException.Failure.INVALID_REQUEST, "empty bearer token");
        }
        return token;
    }
}
