package dev.pgmcp.auth.aws;

import dev.pgmcp.auth.CredentialProvider;
import dev.pgmcp.auth.CredentialProviderFactory;
import dev.pgmcp.auth.CredentialTarget;
import dev.pgmcp.auth.RefreshingToken;
import dev.pgmcp.config.ConfigException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.rds.RdsUtilities;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Authentication method {@code rds_iam} ({@code PGMCP_DATABASE_AUTH=rds_iam}): an RDS IAM
 * authentication token as the password (AWS documentation, "IAM database authentication for
 * MariaDB, MySQL, and PostgreSQL"), made by the AWS SDK's {@link RdsUtilities}: a SigV4-presigned
 * {@code connect} request, computed locally from the AWS credentials (the default chain:
 * environment, profile, container and instance credentials), valid 15 minutes. Each token is reused
 * for new connections for {@value #REUSE_MINUTES} minutes, then replaced.
 *
 * <p>The region comes from the host name ({@code *.REGION.rds.amazonaws.com}), else from the SDK's
 * region chain ({@code AWS_REGION}, profile). RDS requires TLS for IAM authentication: use at least
 * {@code sslmode=require}, better {@code verify-full} with the RDS CA bundle as {@code sslrootcert}.
 */
public final class RdsIamCredentialFactory implements CredentialProviderFactory {

    /** How long RDS accepts a token. */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    /** Minutes a token is used before a new one is made. */
    static final int REUSE_MINUTES = 10;

    private static final Pattern RDS_HOST = Pattern.compile(
            ".*\\.((?:[a-z]{2}(?:-gov|-iso|-isob)?)-[a-z]+-\\d+)\\.rds\\.amazonaws\\.com(?:\\.cn)?\\.?$");

    private final Supplier<AwsCredentialsProvider> credentials;
    private final Supplier<Optional<Region>> defaultRegion;
    private final Clock clock;

    /** The ServiceLoader constructor: the SDK's default credentials and region chains, the system clock. */
    public RdsIamCredentialFactory() {
        this(() -> DefaultCredentialsProvider.builder().build(), RdsIamCredentialFactory::regionFromChain, Clock.systemUTC());
    }

    /**
     * @param credentials   the AWS credentials to sign with
     * @param defaultRegion the region when the host name names none
     * @param clock         the time source for reuse and expiry
     */
    public RdsIamCredentialFactory(Supplier<AwsCredentialsProvider> credentials, Supplier<Optional<Region>> defaultRegion,
                                   Clock clock) {
        this.credentials = credentials;
        this.defaultRegion = defaultRegion;
        this.clock = clock;
    }

    @Override
    public String method() {
        return "rds_iam";
    }

    /**
     * @throws ConfigException naming {@code PGMCP_DATABASE_AUTH} when the database has no user or no
     *                         region can be found
     */
    @Override
    public CredentialProvider create(CredentialTarget target) {
        if (target.user() == null) {
            throw new ConfigException("PGMCP_DATABASE_AUTH", "database '" + target.database()
                    + "': method rds_iam needs the database user granted rds_iam, e.g. postgresql://iam_reader@host/db");
        }
        Region region = regionOf(target.host()).or(defaultRegion).orElseThrow(() -> new ConfigException(
                "PGMCP_DATABASE_AUTH", "database '" + target.database() + "': method rds_iam needs an AWS region; "
                + "the host " + target.host() + " names none, so set AWS_REGION"));
        RdsUtilities utilities = RdsUtilities.builder().region(region).credentialsProvider(credentials.get()).build();
        RefreshingToken.Source source = () -> new RefreshingToken.Token(
                utilities.generateAuthenticationToken(b -> b.hostname(target.host()).port(target.port()).username(target.user())),
                clock.instant().plus(TOKEN_LIFETIME));
        return new RefreshingToken("rds_iam token for database '" + target.database() + "'", source,
                TOKEN_LIFETIME.minusMinutes(REUSE_MINUTES), clock);
    }

    /**
     * @param host an RDS or Aurora endpoint, e.g. {@code mydb.abc123.eu-west-1.rds.amazonaws.com}
     * @return the region it names, if it is such an endpoint
     */
    static Optional<Region> regionOf(String host) {
        Matcher m = RDS_HOST.matcher(host.toLowerCase(java.util.Locale.ROOT));
        return m.matches() ? Optional.of(Region.of(m.group(1))) : Optional.empty();
    }

    private static Optional<Region> regionFromChain() {
        try {
            return Optional.ofNullable(DefaultAwsRegionProviderChain.builder().build().getRegion());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
