using Provisioner.Actors.Journal;
using Npgsql;
using Provisioner.Actors.Cluster;
using Xunit;

namespace Provisioner.Actors.Tests.Journal;

public sealed class PostgresConnectionPoolTests
{
    [Fact]
    public void A_connection_string_without_a_pool_size_gets_the_per_member_cap()
    {
        var capped = PostgresConnectionPool.WithDefaultCap("Host=127.0.0.1;Port=5432;Database=provisioner;Username=provisioner");

        var parsed = new NpgsqlConnectionStringBuilder(capped);
        Assert.Equal(PostgresConnectionPool.DefaultMaxPoolSize, parsed.MaxPoolSize);
        Assert.Equal("127.0.0.1", parsed.Host);
        Assert.Equal("provisioner", parsed.Database);
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=7")]
    [InlineData("Host=db;MaxPoolSize=7")]
    public void A_pool_size_the_operator_set_is_kept(string connectionString)
    {
        Assert.Equal(7, new NpgsqlConnectionStringBuilder(PostgresConnectionPool.WithDefaultCap(connectionString)).MaxPoolSize);
    }

    [Fact]
    public void The_postgres_journal_configuration_carries_the_capped_connection_string()
    {
        var options = new ClusterOptions("127.0.0.1", 0, [], new JournalStore(JournalDatabase.Postgres, "Host=127.0.0.1;Database=p;Username=u"));

        var config = ProvisionerConfig.Load(options);

        var journal = new NpgsqlConnectionStringBuilder(config.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal(PostgresConnectionPool.DefaultMaxPoolSize, journal.MaxPoolSize);
    }
}
