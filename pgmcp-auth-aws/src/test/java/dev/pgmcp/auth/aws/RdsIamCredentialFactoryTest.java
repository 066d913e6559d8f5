package dev.pgmcp.auth.aws;

import dev.pgmcp.auth.CredentialProvider;
import dev.pgmcp.auth.CredentialTarget;
import dev.pgmcp.auth.RefreshingToken;
import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.pool.CredentialProviders;
import dev.pgmcp.testing.ManualClock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code rds_iam} method offline: the token is a SigV4 presigned URL computed locally, so its
 * shape can be checked with fixed credentials and no network.
 */
class RdsIamCredentialFactoryTest {

    static final String HOST = "mydb.c9akciq32.eu-west-1.rds.amazonaws.com";
    final ManualClock clock = new ManualClock(Instant.parse("2026-05-01T08:00:00Z"));

    RdsIamCredentialFactory factory(Optional<Region> fallback) {
        return new RdsIamCredentialFactory(
                () -> StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")),
                () -> fallback, clock);
    }

    @Test
    void tokenIsAPresignedConnectRequestForHostPortAndUser() throws Exception {
        CredentialProvider p = factory(Optional.empty()).create(new CredentialTarget("main", HOST, 5432, "iam_reader"));
        String token = p.password();
        assertTrue(token.startsWith(HOST + ":5432/?"), token);
        assertTrue(token.contains("Action=connect"), token);
        assertTrue(token.contains("DBUser=iam_reader"), token);
        assertTrue(token.contains("X-Amz-Algorithm=AWS4-HMAC-SHA256"), token);
        String day = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(Instant.now());
        assertTrue(token.contains("X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F" + day + "%2Feu-west-1%2Frds-db%2Faws4_request"), token);
        assertTrue(token.contains("X-Amz-Expires=900"), token);
        assertTrue(Pattern.compile("X-Amz-Signature=[0-9a-f]{64}").matcher(token).find(), token);
        assertTrue(!token.contains("wJalrXUtnFEMI"), "the secret key never appears in the token");
    }

    @Test
    void aTokenIsReusedTenMinutesThenReplaced() throws Exception {
        RefreshingToken p = (RefreshingToken) factory(Optional.empty()).create(new CredentialTarget("main", HOST, 5432, "u"));
        p.password();
        clock.advance(Duration.ofMinutes(9));
        p.password();
        assertEquals(1, p.fetches());
        clock.advance(Duration.ofMinutes(1));
        p.password();
        assertEquals(2, p.fetches());
    }

    @Test
    void regionFromTheHostNameOrTheFallback() throws Exception {
        assertEquals(Optional.of(Region.EU_WEST_1), RdsIamCredentialFactory.regionOf(HOST));
        assertEquals(Optional.of(Region.US_EAST_1), RdsIamCredentialFactory.regionOf("c.cluster-ro-abc.us-east-1.rds.amazonaws.com"));
        assertEquals(Optional.of(Region.of("cn-north-1")), RdsIamCredentialFactory.regionOf("db.abc.cn-north-1.rds.amazonaws.com.cn"));
        assertEquals(Optional.of(Region.of("us-gov-west-1")), RdsIamCredentialFactory.regionOf("db.abc.us-gov-west-1.rds.amazonaws.com"));
        assertEquals(Optional.empty(), RdsIamCredentialFactory.regionOf("db.internal.example.com"));

        String token = factory(Optional.of(Region.AP_SOUTHEAST_2)).create(new CredentialTarget("main", "proxy.internal", 6432, "u")).password();
        assertTrue(token.startsWith("proxy.internal:6432/?"), token);
        assertTrue(token.contains("%2Fap-southeast-2%2Frds-db%2F"), token);
        ConfigException e = assertThrows(ConfigException.class,
                () -> factory(Optional.empty()).create(new CredentialTarget("main", "proxy.internal", 6432, "u")));
        assertTrue(e.getMessage().contains("AWS_REGION"), e.getMessage());
    }

    @Test
    void differentUsersGetDifferentSignatures() throws Exception {
        String a = factory(Optional.empty()).create(new CredentialTarget("a", HOST, 5432, "alice")).password();
        String b = factory(Optional.empty()).create(new CredentialTarget("b", HOST, 5432, "bob")).password();
        assertNotEquals(a.substring(a.indexOf("X-Amz-Signature")), b.substring(b.indexOf("X-Amz-Signature")));
    }

    @Test
    void foundThroughServiceLoaderByMethodName() {
        PgMcpConfig config = PgMcpConfig.builder()
                .database("main", "postgresql://iam_reader@" + HOST + ":5432/app?sslmode=require")
                .databaseAuth("main", "rds_iam").build();
        CredentialProvider p = CredentialProviders.forDatabase(config.databases().get("main"),
                Thread.currentThread().getContextClassLoader());
        assertInstanceOf(RefreshingToken.class, p);
        ConfigException noUser = assertThrows(ConfigException.class, () -> CredentialProviders.forDatabase(
                PgMcpConfig.builder().database("main", "postgresql://" + HOST + "/app").databaseAuth("main", "rds_iam")
                        .build().databases().get("main"), Thread.currentThread().getContextClassLoader()));
        assertEquals("PGMCP_DATABASE_AUTH", noUser.setting());
    }
}
