using Microsoft.Data.Sqlite;
using Provisioner.Actors.Nodes;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Host.LiveConsole.Server;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Keys;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Host.Tests.LiveConsole;

/// <summary>
/// One running member shared by the console tests: a provisioned node and a failed one in its journal, an
/// endpoint trusting loopback, and a second endpoint on the same member that trusts only signatures by
/// <see cref="AuthorizedKey"/> (standing in for a remote connection).
/// </summary>
public sealed class ConsoleMemberFixture : IAsyncLifetime
{
    public const string Provisioned = "web1.example.net";
    public const string Failed = "bad.example.net";
    public const string FailReason = "Incorrect provision token supplied";

    private readonly string _dir = System.IO.Directory.CreateTempSubdirectory("provisioner-console-").FullName;

    public ConsoleMember Member { get; private set; } = null!;

    public ConsoleEndpoint SignedOnly { get; private set; } = null!;

    public Ed25519KeyPair AuthorizedKey { get; } = Ed25519KeyPair.Generate();

    public FakeFleet Fleet { get; } = new();

    public string Directory => _dir;

    /// <summary>Where the trusting endpoint writes its bound address.</summary>
    public string EndpointFile => Path.Combine(_dir, "console.addr");

    public ConsoleAddress Trusting => Member.ConsoleAddress;

    public ConsoleAddress SignedOnlyAddress => new("127.0.0.1", SignedOnly.EndPoint.Port);

    /// <summary>The member incarnation the endpoints greet with, which signatures must name.</summary>
    public MemberIncarnation Incarnation { get; private set; } = null!;

    /// <summary>
    /// Starts another endpoint on the member that trusts only signatures by the keys in <paramref name="keysFile"/>,
    /// dating them by <paramref name="clock"/> when given.
    /// </summary>
    public Task<ConsoleEndpoint> StartSignedOnlyAsync(string keysFile, TimeProvider? clock = null) =>
        ConsoleEndpoint.StartAsync(Member.System, Member.Cluster,
            new ConsoleOptions { Port = 0, TrustLoopback = false, AuthorizedKeysFile = keysFile }, CancellationToken.None, clock);

    public async Task InitializeAsync()
    {
        Fleet.Failures[Failed] = (ProvisioningStep.Jwt, StepFailureKind.Fatal, FailReason);
        Fleet.Discoverable.Add(Provisioned);
        Fleet.Discoverable.Add(Failed);
        var keys = Path.Combine(_dir, "authorized_keys");
        await File.WriteAllTextAsync(keys, $"# operators\n{AuthorizedKey.PublicKeyHex}  # alice\n");
        Member = await ConsoleMember.StartAsync($"Data Source={Path.Combine(_dir, "journal.db")}", Fleet, new ConsoleOptions { EndpointFile = EndpointFile });
        SignedOnly = await ConsoleEndpoint.StartAsync(Member.System, Member.Cluster,
            new ConsoleOptions { Port = 0, TrustLoopback = false, AuthorizedKeysFile = keys }, CancellationToken.None);
        await using (var greeted = await RawConnection.OpenAsync(SignedOnlyAddress))
        {
            Incarnation = greeted.Member;
        }
        await WaitForStage(Provisioned, NodeStage.Provisioned);
        await WaitForStage(Failed, NodeStage.Failed);
    }

    private async Task WaitForStage(string identity, NodeStage stage) =>
        await Eventually.TrueAsync(
            async () => (await NodeViews.OrNullAsync(Member.Cluster.Nodes, identity))?.Stage == stage,
            TimeSpan.FromSeconds(60), $"{identity} reaches {stage}");

    public async Task DisposeAsync()
    {
        await SignedOnly.DisposeAsync();
        await Member.DisposeAsync();
        AuthorizedKey.Dispose();
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_dir, recursive: true);
    }
}
