package dev.pgmcp.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An embedded PostgreSQL of its own for authentication and TLS tests: TLS on, with a self-signed
 * certificate for host name {@code localhost} made here (JDK {@code keytool} plus {@link KeyStore}, no
 * other tool), and {@code pg_hba.conf} asking every role but the superuser {@code postgres} for a
 * SCRAM-SHA-256 password (the shared test server trusts everyone on loopback, so passwords there
 * prove nothing).
 */
public final class SecuredPostgres implements AutoCloseable {

    /** Password of every keystore made here; the keystores never leave the test's temporary directory. */
    private static final String STORE_PASSWORD = "changeit";

    private final EmbeddedPostgres postgres;
    private final Path rootCertificate;

    private static SecuredPostgres shared;

    /**
     * @return one server for the whole test JVM, started on first use (certificates in a temporary
     *         directory) and stopped when the JVM exits
     */
    public static synchronized SecuredPostgres shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("pgmcp-tls");
                shared = start(dir);
                SecuredPostgres s = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // The JVM is exiting.
                    }
                }, "pgmcp-secured-postgres-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    private SecuredPostgres(EmbeddedPostgres postgres, Path rootCertificate) {
        this.postgres = postgres;
        this.rootCertificate = rootCertificate;
    }

    /**
     * @param dir a temporary directory for the certificates
     * @return the running server; close it to stop the server and delete its data
     */
    public static SecuredPostgres start(Path dir) {
        try {
            Pem server = selfSigned(dir, "server", "localhost");
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("ssl", "on")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setDataDirectoryCustomizer(data -> customize(data.toPath(), server))
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(Redirect.DISCARD)
                    .setErrorRedirector(Redirect.INHERIT)
                    .start();
            return new SecuredPostgres(pg, server.certificate());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the TLS test server: " + e.getMessage(), e);
        }
    }

    private static void customize(Path data, Pem server) {
        try {
            Files.copy(server.certificate(), data.resolve("server.crt"));
            Path key = data.resolve("server.key");
            Files.copy(server.key(), key);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
                    "local all all trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A PEM certificate and its PKCS#8 PEM private key.
     *
     * @param certificate the certificate file
     * @param key         the key file
     */
    public record Pem(Path certificate, Path key) {
    }

    /**
     * Makes a self-signed RSA certificate whose subject alternative name is {@code dns:host}.
     *
     * @param dir  where the files go
     * @param name file name stem
     * @param host the host name the certificate is for
     * @return the PEM files
     */
    public static Pem selfSigned(Path dir, String name, String host) throws IOException {
        Path store = dir.resolve(name + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=" + host, "-ext", "SAN=dns:" + host, "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        try (InputStream out = p.getInputStream()) {
            String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + text);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, STORE_PASSWORD.toCharArray());
            Certificate cert = ks.getCertificate(name);
            PrivateKey key = (PrivateKey) ks.getKey(name, STORE_PASSWORD.toCharArray());
            Path certFile = dir.resolve(name + ".crt");
            Path keyFile = dir.resolve(name + ".key");
            Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
            Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
            return new Pem(certFile, keyFile);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("could not read the keystore keytool made: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** @return the server's port on 127.0.0.1 */
    public int port() {
        return postgres.getPort();
    }

    /** @return the PEM certificate clients trust as root ({@code sslrootcert}): the server's own, self-signed */
    public Path rootCertificate() {
        return rootCertificate;
    }

    /** @return a superuser JDBC URL of database {@code postgres} (over TCP, without TLS requirements) */
    public String adminUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres?user=postgres&sslmode=disable";
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
