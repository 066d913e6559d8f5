package dev.pgmcp.http.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.pgmcp.config.ConfigException;
import dev.pgmcp.settings.Setting;
import dev.pgmcp.spi.Principal;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OAuth 2.1 resource server: accepts JWT access tokens (RFC 9068 or any JWS-signed JWT) issued by one
 * authorization server. Checks, with Nimbus JOSE+JWT: the signature against the issuer's JWKS
 * (asymmetric algorithms only, keys cached and refreshed on an unknown {@code kid}), {@code iss}
 * equal to the issuer, {@code aud} containing this server's audience (RFC 8707: its canonical URI by
 * default), {@code exp} present and not passed and {@code nbf} reached, both within the clock skew,
 * and the required scopes (from {@code scope} or Microsoft Entra ID's {@code scp}).
 *
 * <p>The principal's name is {@code sub} (else {@code client_id}, {@code azp} or {@code appid}); its
 * scopes are the token's; its claims are the token's claims whose values are strings, numbers,
 * booleans or arrays of those ({@code groups}, {@code roles}, Entra ID's {@code oid}...), which
 * per-person database roles map from ({@code PGMCP_ROLE_CLAIM}). The token itself is never logged,
 * stored or forwarded (PostgreSQL is reached with pgmcp's own credentials).
 */
public final class JwtAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Set<String> requiredScopes;

    /**
     * @param issuer         the issuer tokens' {@code iss} must equal, e.g.
     *                       {@code https://login.microsoftonline.com/TENANT/v2.0}
     * @param jwksUrl        the issuer's JWKS, or {@code null} to read {@code jwks_uri} from the issuer's
     *                       {@code /.well-known/openid-configuration} (then {@code oauth-authorization-server})
     * @param audience       the value {@code aud} must contain
     * @param requiredScopes scopes every token must carry (may be empty)
     * @param clockSkew      tolerance on {@code exp}/{@code nbf}
     * @throws ConfigException naming {@code PGMCP_HTTP_OAUTH_JWKS_URL} when the JWKS location cannot be found
     */
    public JwtAuthenticator(String issuer, URI jwksUrl, String audience, Set<String> requiredScopes, Duration clockSkew) {
        this.requiredScopes = Set.copyOf(requiredScopes);
        URL keys = jwksUrl != null ? url(jwksUrl) : discoverJwks(issuer);
        JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(keys).retrying(true).build();
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        algorithms.addAll(JWSAlgorithm.Family.RSA);
        algorithms.addAll(JWSAlgorithm.Family.EC);
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, source));
        // RFC 9068 access tokens are typed at+jwt; Entra ID and many others send JWT or nothing.
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"),
                new JOSEObjectType("application/at+jwt"), null));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Set.of(audience),
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", "iss", "aud"), null);
        claims.setMaxClockSkew((int) clockSkew.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        LOG.info("OAuth: tokens from {} for audience {}, keys from {}, required scopes {}", issuer, audience, keys,
                requiredScopes);
    }

    @Override
    public Principal authenticate(HttpServletRequest request) throws AuthenticationException {
        String token = BearerTokens.from(request);
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (BadJWTException e) {
            // Claim failures (expired, audience, issuer): Nimbus's message names the claim, never the token.
            throw new AuthenticationException(AuthenticationException.Failure.INVALID, "invalid token: " + e.getMessage());
        } catch (ParseException | BadJOSEException e) {
            throw new AuthenticationException(AuthenticationException.Failure.INVALID,
                    "invalid token (malformed, unknown key or bad signature)");
        } catch (com.nimbusds.jose.JOSEException e) {
            LOG.warn("OAuth: cannot verify a token: {}", e.getMessage());
            throw new AuthenticationException(AuthenticationException.Failure.INVALID, "token could not be verified");
        }
        Set<String> scopes = scopes(claims);
        if (!scopes.containsAll(requiredScopes)) {
            throw new AuthenticationException(AuthenticationException.Failure.INSUFFICIENT_SCOPE,
                    "the token lacks a required scope", requiredScopes);
        }
        return new Principal(name(claims), "oauth", scopes, claimValues(claims));
    }

    /**
     * @return the claims whose values are a string, a number, a boolean, or an array of those, each as
     *         strings in the token's order (objects and nulls, inside arrays too, are left out)
     */
    static Map<String, List<String>> claimValues(JWTClaimsSet claims) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        claims.getClaims().forEach((name, value) -> {
            List<String> values = new ArrayList<>();
            if (value instanceof List<?> list) {
                list.forEach(v -> {
                    if (scalar(v)) {
                        values.add(String.valueOf(v));
                    }
                });
            } else if (scalar(value)) {
                values.add(String.valueOf(value));
            } else if (value instanceof java.util.Date d) {
                values.add(Long.toString(d.getTime() / 1000)); // exp, nbf, iat: seconds, as in the token
            } else {
                return;
            }
            out.put(name, values);
        });
        return out;
    }

    private static boolean scalar(Object v) {
        return v instanceof String || v instanceof Number || v instanceof Boolean;
    }

    static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> out = new LinkedHashSet<>();
        for (String claim : List.of("scope", "scp")) {
            Object v = claims.getClaim(claim);
            if (v instanceof String s) {
                for (String part : s.trim().split("\\s+")) {
                    if (!part.isEmpty()) {
                        out.add(part);
                    }
                }
            } else if (v instanceof List<?> list) {
                list.forEach(x -> out.add(String.valueOf(x)));
            }
        }
        return out;
    }

    private static String name(JWTClaimsSet claims) {
        for (String claim : List.of("sub", "client_id", "azp", "appid")) {
            Object v = claims.getClaim(claim);
            if (v instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        return "unknown-subject";
    }

    private static URL discoverJwks(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(5000, 5000, 512 * 1024);
        List<String> tried = new ArrayList<>();
        for (String wellKnown : List.of("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")) {
            String at = base + wellKnown;
            tried.add(at);
            try {
                Resource r = retriever.retrieveResource(new URL(at));
                Map<String, Object> metadata = JSONObjectUtils.parse(r.getContent());
                String jwks = JSONObjectUtils.getString(metadata, "jwks_uri");
                if (jwks != null) {
                    return url(URI.create(jwks));
                }
            } catch (IOException | ParseException | RuntimeException e) {
                LOG.debug("OAuth discovery at {} failed: {}", at, e.getMessage());
            }
        }
        throw new ConfigException(Setting.HTTP_OAUTH_JWKS_URL.env(), "not set, and no jwks_uri found at " + tried);
    }

    private static URL url(URI uri) {
        try {
            return uri.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new ConfigException(Setting.HTTP_OAUTH_JWKS_URL.env(), "'" + uri + "' is not a URL");
        }
    }
}
