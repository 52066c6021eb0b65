using Provisioner.Actors.Journal;
using Npgsql;
using Provisioner.Actors.Cluster;
using Xunit;

namespace Provisioner.Actors.Tests.Journal;

public sealed class PostgresConnectionDefaultsTests
{
    [Fact]
    public void A_connection_string_without_them_gets_the_per_member_pool_cap_and_automatic_preparation()
    {
        var applied = PostgresConnectionDefaults.Apply("Host=127.0.0.1;Port=5432;Database=provisioner;Username=provisioner");

        var parsed = new NpgsqlConnectionStringBuilder(applied);
        Assert.Equal(PostgresConnectionDefaults.DefaultMaxPoolSize, parsed.MaxPoolSize);
        Assert.Equal(PostgresConnectionDefaults.DefaultMaxAutoPrepare, parsed.MaxAutoPrepare);
        Assert.Equal("127.0.0.1", parsed.Host);
        Assert.Equal("provisioner", parsed.Database);
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=7")]
    [InlineData("Host=db;MaxPoolSize=7")]
    public void A_pool_size_the_operator_set_is_kept(string connectionString)
    {
        var parsed = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply(connectionString));

        Assert.Equal(7, parsed.MaxPoolSize);
        Assert.Equal(PostgresConnectionDefaults.DefaultMaxAutoPrepare, parsed.MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0")]
    [InlineData("Host=db;MaxAutoPrepare=0")]
    public void Automatic_preparation_the_operator_turned_off_stays_off(string connectionString)
    {
        var parsed = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply(connectionString));

        Assert.Equal(0, parsed.MaxAutoPrepare);
        Assert.Equal(PostgresConnectionDefaults.DefaultMaxPoolSize, parsed.MaxPoolSize);
    }

    [Fact]
    public void The_postgres_journal_configuration_carries_the_defaults()
    {
        var options = new ClusterOptions("127.0.0.1", 0, [], new JournalStore(JournalDatabase.Postgres, "Host=127.0.0.1;Database=p;Username=u"));

        var config = ProvisionerConfig.Load(options);

        var journal = new NpgsqlConnectionStringBuilder(config.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal(PostgresConnectionDefaults.DefaultMaxPoolSize, journal.MaxPoolSize);
        Assert.Equal(PostgresConnectionDefaults.DefaultMaxAutoPrepare, journal.MaxAutoPrepare);
    }
}
