using Akka.Configuration;
using Provisioner.Actors.Journal;
using Provisioner.Host.Members;
using Xunit;

namespace Provisioner.Host.Tests.Members;

public sealed class JournalSettingsTests
{
    private static JournalStore Resolve(string? database, string? connection, params (string Name, string Value)[] environment) =>
        JournalSettings.Resolve(database, connection, name => environment.FirstOrDefault(v => v.Name == name).Value, Config.Empty);

    [Theory]
    [InlineData("sqlite", JournalDatabase.Sqlite)]
    [InlineData("postgres", JournalDatabase.Postgres)]
    [InlineData("postgresql", JournalDatabase.Postgres)]
    [InlineData("PostgreSQL", JournalDatabase.Postgres)]
    public void Every_database_name_the_member_accepts_is_accepted(string name, JournalDatabase database)
    {
        Assert.Equal(database, Resolve(name, "Host=db").Database);
    }

    [Fact]
    public void Flags_beat_the_environment()
    {
        var journal = Resolve("sqlite", "Data Source=flag.db", (ProvisionerVariables.Database, "postgres"), (ProvisionerVariables.Connection, "Host=env"));
        Assert.Equal(new JournalStore(JournalDatabase.Sqlite, "Data Source=flag.db"), journal);
    }

    [Fact]
    public void The_environment_is_used_without_flags()
    {
        var journal = Resolve(null, null, (ProvisionerVariables.Database, "postgres"), (ProvisionerVariables.Connection, "Host=env"));
        Assert.Equal(new JournalStore(JournalDatabase.Postgres, "Host=env"), journal);
    }

    [Fact]
    public void Postgres_without_a_connection_string_is_refused()
    {
        var e = Assert.Throws<MemberConfigurationException>(() => Resolve("postgres", null));
        Assert.Equal(["--db postgres needs --db-connection or PROVISIONER_DB_CONNECTION"], e.Problems);
    }

    [Fact]
    public void An_unknown_database_is_refused_with_its_name()
    {
        var e = Assert.Throws<MemberConfigurationException>(() => Resolve("mysql", null));
        Assert.Equal(["--db must be sqlite or postgres, not 'mysql'"], e.Problems);
    }
}
