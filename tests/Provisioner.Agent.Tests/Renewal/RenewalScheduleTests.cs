using Provisioner.Agent.Config;
using Provisioner.Agent.Files;
using Provisioner.Agent.Renewal;
using Provisioner.Security.Files;
using Provisioner.Security.Keys;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Agent.Tests.Renewal;

public sealed class RenewalScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0.0, 80)]
    [InlineData(0.5, 85)]
    [InlineData(1.0, 90)]
    public void Renewal_falls_at_the_share_plus_the_drawn_splay_of_the_lifetime(double draw, int expectedDay)
    {
        var due = RenewalSchedule.Due([new("server.jwt", T0, T0.AddDays(100))], RenewalPolicy.Default, draw);

        Assert.Equal(T0.AddDays(expectedDay), due!.At);
    }

    [Fact]
    public void The_credential_that_reaches_its_share_first_decides()
    {
        var longLived = new CredentialLifetime("certificate.pem", T0, T0.AddDays(365));
        var shortLived = new CredentialLifetime("nats.jwt", T0.AddDays(10), T0.AddDays(40));

        var due = RenewalSchedule.Due([longLived, shortLived], RenewalPolicy.Default, 0);

        Assert.Equal((shortLived, T0.AddDays(34)), (due!.Credential, due.At));
    }

    [Fact]
    public void Without_credentials_nothing_is_due()
    {
        Assert.Null(RenewalSchedule.Due([], RenewalPolicy.Default, 0.3));
    }

    [Theory]
    [InlineData(0.8, 0.1, null)]
    [InlineData(0, 0.1, "the share 0 must be between 0 and 1")]
    [InlineData(1, 0, "the share 1 must be between 0 and 1")]
    [InlineData(0.8, -0.1, "the splay -0.1 must not be negative")]
    [InlineData(0.8, 0.2, "share plus splay must stay below 1, so renewal happens before expiry")]
    public void A_policy_must_renew_inside_the_lifetime(double share, double splay, string? problem)
    {
        Assert.Equal(problem, new RenewalPolicy(share, splay).Problem());
    }

    [Fact]
    public void The_server_jwt_lifetime_is_read_from_its_iat_and_exp()
    {
        var files = new MemoryFileStore();
        var paths = new NodePaths("/etc/choria");
        using var seed = Ed25519KeyPair.Generate();
        var clock = new ManualClock(T0);
        files.WriteText(paths.ServerJwtFile, TestTokens.Server("n1.example.net", seed, clock, T0.AddHours(2).ToUnixTimeSeconds()), FileModes.Secret);

        var lifetimes = CredentialLifetimes.Read(files, paths, ServerConfig.Empty);

        Assert.Equal([new CredentialLifetime("server.jwt", T0, T0.AddHours(2))], lifetimes);
    }

    [Fact]
    public void Going_back_to_provisioning_keeps_the_identity_and_turns_provisioning_on()
    {
        var files = new MemoryFileStore();
        var paths = new NodePaths("/etc/choria");
        var current = ServerConfig.Parse("identity = n1.example.net\nplugin.choria.server.provision = false\nlogfile = /var/log/choria.log\n", "server.conf");
        var due = new RenewalDue(T0, new CredentialLifetime("server.jwt", T0.AddDays(-80), T0.AddDays(20)), 0.8);

        RenewalReentry.Write(files, paths, current, due, new ManualClock(T0));

        var written = ServerConfig.Parse(files.ReadText(paths.ConfigFile)!, paths.ConfigFile);
        Assert.Equal(("n1.example.net", true, "/var/log/choria.log"), (written.Get("identity"), written.GetBool("plugin.choria.server.provision"), written.Get("logfile")));
        Assert.Contains("renewing server.jwt at 80% of its lifetime", files.ReadText(paths.ConfigFile));
    }
}
