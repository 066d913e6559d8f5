package dev.pgmcp.config;

import dev.pgmcp.internal.pool.PoolManagerAccess;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The connection-string formats of managed PostgreSQL services, and the TLS parameters. */
class ConnectionFormatsTest {

    static final String S = "PGMCP_DATABASE_URL";

    @Test
    void azureSingleServer() {
        ConnectionUrl u = ConnectionUrl.parse(S,
                "postgresql://reader%40myserver:p%40ss@myserver.postgres.database.azure.com:5432/sales?sslmode=require");
        assertEquals("reader@myserver", u.user());
        assertEquals("p@ss", u.password());
        assertEquals("jdbc:postgresql://myserver.postgres.database.azure.com:5432/sales", u.jdbcUrl());
        assertEquals(SslMode.REQUIRE, u.sslMode());
    }

    @Test
    void azureFlexibleServer() {
        ConnectionUrl u = ConnectionUrl.parse(S,
                "postgresql://reader:pw@myflex.postgres.database.azure.com:5432/sales?sslmode=verify-full&sslrootcert=/etc/ssl/certs/DigiCertGlobalRootG2.crt.pem");
        assertEquals("reader", u.user());
        assertEquals("jdbc:postgresql://myflex.postgres.database.azure.com:5432/sales?sslrootcert=%2Fetc%2Fssl%2Fcerts%2FDigiCertGlobalRootG2.crt.pem",
                u.jdbcUrl());
        assertEquals(SslMode.VERIFY_FULL, u.sslMode());
    }

    @Test
    void neonWithChannelBinding() {
        ConnectionUrl u = ConnectionUrl.parse(S,
                "postgresql://alex:AbC123dEf@ep-cool-darkness-123456.eu-central-1.aws.neon.tech/dbname?sslmode=require&channel_binding=require");
        assertEquals("alex", u.user());
        assertEquals("AbC123dEf", u.password());
        assertEquals(SslMode.REQUIRE, u.sslMode());
        // pgJDBC supports SCRAM channel binding: the parameter is kept, not dropped.
        assertEquals("jdbc:postgresql://ep-cool-darkness-123456.eu-central-1.aws.neon.tech/dbname?channelBinding=require", u.jdbcUrl());
    }

    @Test
    void neonEndpointOptionIsKeptAlongsideTheReadOnlyDefault() {
        ConnectionUrl u = ConnectionUrl.parse(S,
                "postgresql://alex@ep-cool-darkness-123456.eu-central-1.aws.neon.tech/dbname?sslmode=require&options=endpoint%3Dep-cool-darkness-123456");
        String[] split = PoolManagerAccess.withoutOptions(u.jdbcUrl());
        assertArrayEquals(new String[]{"jdbc:postgresql://ep-cool-darkness-123456.eu-central-1.aws.neon.tech/dbname",
                "endpoint=ep-cool-darkness-123456"}, split);
        assertNull(PoolManagerAccess.withoutOptions("jdbc:postgresql://h/d?ssl=true")[1]);
        assertEquals("jdbc:postgresql://h/d?ssl=true", PoolManagerAccess.withoutOptions("jdbc:postgresql://h/d?options=x&ssl=true")[0]);
    }

    @Test
    void rdsIamUrlCarriesNoPassword() {
        ConnectionUrl u = ConnectionUrl.parse(S,
                "postgresql://iam_reader@mydb.c9akciq32.eu-west-1.rds.amazonaws.com:5432/app?sslmode=verify-full&sslrootcert=/certs/global-bundle.pem");
        assertEquals("iam_reader", u.user());
        assertNull(u.password());
        assertEquals("jdbc:postgresql://mydb.c9akciq32.eu-west-1.rds.amazonaws.com:5432/app?sslrootcert=%2Fcerts%2Fglobal-bundle.pem",
                u.jdbcUrl());
    }

    @Test
    void clientCertificates() {
        ConnectionUrl u = ConnectionUrl.parse(S,
                "postgresql://svc@db.internal/app?sslmode=verify-ca&sslrootcert=/s/root.crt&sslcert=/s/client.crt&sslkey=/s/client.pk8&sslpassword=kp");
        assertEquals(SslMode.VERIFY_CA, u.sslMode());
        assertEquals("jdbc:postgresql://db.internal/app?sslrootcert=%2Fs%2Froot.crt&sslcert=%2Fs%2Fclient.crt"
                + "&sslkey=%2Fs%2Fclient.pk8&sslpassword=kp", u.jdbcUrl());
    }

    @Test
    void everySslMode() {
        for (SslMode m : SslMode.values()) {
            assertEquals(m, ConnectionUrl.parse(S, "postgresql://h/d?sslmode=" + m.value()).sslMode());
        }
    }
}
