using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Provisioner.Actors.Journal;
using Akka.Configuration;
using Provisioner.Agent.Fleet;
using Provisioner.Host.Members;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Keys;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;
using Provisioner.Testing;

namespace Provisioner.IntegrationTests.Onboarding;

/// <summary>
/// Keys, a CA, provisioning tokens and a fresh journal for one test: real members (in-process) against the
/// shared real nats-server, and the fleet simulator as the machines.
/// </summary>
public sealed class OnboardingWorld : IAsyncDisposable
{
    public const string AgentToken = "s3cr3t-agent-token";
    private readonly List<MemberHost> _members = [];

    public OnboardingWorld(string natsUrl)
    {
        NatsUrl = natsUrl;
        Dir = Directory.CreateTempSubdirectory("provisioner-onboarding-").FullName;
        using (var ca = CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256))
        {
            ca.Save(Path.Combine(Dir, "ca"));
        }
        WriteKeyPair("provisioning");
        WriteKeyPair("impostor");
        WriteKeyPair("server-jwt");
        Token = IssueToken("provisioning", AgentToken);
    }

    public string Dir { get; }
    public string NatsUrl { get; }
    public string Token { get; }
    /// <summary>The journal: a SQLite file in <see cref="Dir"/> unless a test points the world at PostgreSQL.</summary>
    public JournalDatabase Database { get; set; } = JournalDatabase.Sqlite;

    public string JournalConnection
    {
        get => _journalConnection ?? $"Data Source={Path.Combine(Dir, "journal.db")}";
        set => _journalConnection = value;
    }

    private string? _journalConnection;

    private void WriteKeyPair(string name)
    {
        using var key = Ed25519KeyPair.Generate();
        File.WriteAllText(Path.Combine(Dir, name + ".seed"), key.ExportSeedHex());
        File.WriteAllText(Path.Combine(Dir, name + ".pub"), key.PublicKeyHex);
    }

    /// <summary>
    /// A provisioning token signed by the key <paramref name="keyName"/> carrying <paramref name="agentToken"/>; with
    /// <paramref name="allowUpdate"/> its <c>update</c> claim lets nodes holding it take <c>release_update</c>.
    /// </summary>
    public string IssueToken(string keyName, string agentToken, bool allowUpdate = false)
    {
        using var key = TokenSigningKey.Load(Path.Combine(Dir, keyName + ".seed"));
        return ProvisioningTokens.Issue(new ProvisioningTokenRequest { Token = agentToken, Urls = [NatsUrl], AllowUpdate = allowUpdate }, key, TimeProvider.System);
    }

    /// <summary>
    /// Writes the public half of <see cref="SharedRsaKey"/>, the key <see cref="ChoriaCliTokens"/> signs with, as a
    /// <c>jwt-verify-key</c> file, and returns the setting that makes a member verify with it.
    /// </summary>
    public string ChoriaSignerVerifyKeySetting()
    {
        var path = Path.Combine(Dir, "choria-signer-public.pem");
        File.WriteAllText(path, SharedRsaKey.PublicPem);
        return $"jwt-verify-key = \"{path}\"";
    }

    /// <summary>The member settings of this world as HOCON; <paramref name="settings"/> is extra HOCON inside provisioner { }.</summary>
    public string MemberConfig(string settings = "") => $$"""
            provisioner {
              token = "{{AgentToken}}"
              jwt-verify-key = "{{Path.Combine(Dir, "provisioning.pub")}}"
              ca-dir = "{{Path.Combine(Dir, "ca")}}"
              server-jwt.signing-key = "{{Path.Combine(Dir, "server-jwt.seed")}}"
              nats.url = "{{NatsUrl}}"
              discovery-interval = 5s
              console.bind = "127.0.0.1:0"
              web.bind = "127.0.0.1:0"
              {{settings}}
            }
            """;

    /// <summary>Writes <see cref="MemberConfig"/> to a file for member processes.</summary>
    public string WriteMemberConfig(string settings = "")
    {
        var path = Path.Combine(Dir, "member.conf");
        File.WriteAllText(path, MemberConfig(settings));
        return path;
    }

    /// <summary>
    /// Starts a member in this process; <paramref name="settings"/> is extra HOCON inside provisioner { }, later keys
    /// winning; <paramref name="loggers"/> receives what it logs; it joins <paramref name="seeds"/> (itself when none);
    /// <paramref name="akka"/> is extra HOCON outside provisioner { }, for Akka itself.
    /// </summary>
    public async Task<MemberHost> StartMemberAsync(string settings = "", ILoggerFactory? loggers = null, IReadOnlyList<string>? seeds = null, string akka = "")
    {
        var flags = new MemberFlags
        {
            Port = FreePort.Next(),
            Seeds = seeds ?? [],
            Database = Database.ToString(),
            Connection = JournalConnection,
        };
        var member = await MemberHost.StartAsync(
            MemberSettings.Resolve(flags, _ => null, ConfigurationFactory.ParseString(MemberConfig(settings) + "\n" + akka)), loggers ?? NullLoggerFactory.Instance);
        _members.Add(member);
        return member;
    }

    public Task<FleetResult> RunFleetAsync(int nodes, string prefix, string? token = null, FleetFaults? faults = null, string domain = "fleet.example.net", TimeSpan? timeout = null) =>
        new FleetSimulator(new FleetOptions
        {
            Nodes = nodes,
            Token = token ?? Token,
            BrokerUrls = [NatsUrl],
            Concurrency = nodes,
            IdentityPrefix = prefix,
            Domain = domain,
            RestartDelay = TimeSpan.FromMilliseconds(100),
            Faults = faults ?? FleetFaults.None,
            RandomSeed = 7,
            Timeout = timeout ?? TimeSpan.FromMinutes(2),
        }).RunAsync();

    public async Task<IReadOnlyList<NodeRecord>> JournalAsync(string prefix) =>
        (await JournalAudit.ReadAsync(new JournalStore(Database, JournalConnection))).Where(r => r.Identity.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    /// <summary>The journaled events of each node under <paramref name="prefix"/>, oldest first, by identity.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<INodeEvent>>> EventsAsync(string prefix)
    {
        var events = new Dictionary<string, IReadOnlyList<INodeEvent>>();
        await foreach (var node in new JournalReader(new JournalStore(Database, JournalConnection)).NodesAsync())
        {
            if (node.Identity.StartsWith(prefix, StringComparison.Ordinal))
            {
                events[node.Identity] = node.Events.ToList();
            }
        }
        return events;
    }

    /// <summary>Writes <paramref name="body"/> as an executable shell script in <see cref="Dir"/> and returns its path.</summary>
    public string WriteHelper(string body)
    {
        var path = Path.Combine(Dir, "helper.sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    /// <summary>Every failed attempt of each node under <paramref name="prefix"/>, oldest first, by identity.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<NodeEvents.AttemptFailed>>> FailedAttemptsAsync(string prefix)
    {
        var failures = new Dictionary<string, IReadOnlyList<NodeEvents.AttemptFailed>>();
        await foreach (var node in new JournalReader(new JournalStore(Database, JournalConnection)).NodesAsync())
        {
            if (node.Identity.StartsWith(prefix, StringComparison.Ordinal))
            {
                failures[node.Identity] = node.Events.OfType<NodeEvents.AttemptFailed>().ToList();
            }
        }
        return failures;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            await member.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(Dir, recursive: true);
    }
}
