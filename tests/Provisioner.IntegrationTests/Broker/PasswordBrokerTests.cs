using System.Collections.Concurrent;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NATS.Client.Core;
using Provisioner.Host.Members;
using Provisioner.IntegrationTests.Agent;
using Provisioner.IntegrationTests.Cluster;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Files;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Broker;

/// <summary>
/// A member logged in to a password-protected nats-server with <c>provisioner.nats.user</c> and
/// <c>provisioner.nats.password-file</c> provisions a real agent; afterwards the password is in none of what the
/// run left: the member's log, the messages on the broker, the node's server.conf, the journal, /metrics.
/// Only the provisioner user may send requests to nodes (<see cref="PasswordBroker"/>), so nothing is provisioned
/// unless the member really logged in with the password.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class PasswordBrokerTests : IAsyncLifetime
{
    private PasswordBroker _broker = null!;
    private OnboardingWorld _world = null!;

    public async Task InitializeAsync()
    {
        _broker = await PasswordBroker.StartAsync();
        _world = new OnboardingWorld(_broker.Server.Url);
    }

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        await _broker.DisposeAsync();
    }

    private string WritePasswordFile(string password)
    {
        var path = Path.Combine(_world.Dir, "nats.password");
        SecretFile.Write(path, password + "\n", FileModes.Secret);
        return path;
    }

    [Fact]
    public async Task A_member_with_a_password_file_provisions_a_node_and_the_password_is_nowhere_afterwards()
    {
        var seen = new ConcurrentQueue<string>();
        await using var observer = new NatsConnection(new NatsOpts { Url = _broker.Server.Url });
        await observer.ConnectAsync();
        await using var provisioning = await observer.SubscribeCoreAsync<byte[]>("provisioning.>");
        await using var choria = await observer.SubscribeCoreAsync<byte[]>("choria.>");
        var watching = Task.WhenAll(Record(provisioning, seen), Record(choria, seen));
        await observer.PingAsync();
        var metricsPort = FreePort.Next();
        var memberConfig = _world.WriteMemberConfig($"""
            nats.user = provisioner
            nats.password-file = "{WritePasswordFile(_broker.Password)}"
            metrics-port = {metricsPort}
            """);
        var journalFile = Path.Combine(_world.Dir, "journal.db");

        await using var member = await MemberProcess.StartAsync(memberConfig, "sqlite", _world.JournalConnection, []);
        using var verificationKey = TokenVerificationKey.Load(Path.Combine(_world.Dir, "provisioning.pub"));
        await using var node = TestNodeHost.Start(NodeKind.RealAgent, new ProvisioningToken(_broker.MachineToken(_world), verificationKey), PkiKeyAlgorithm.EcdsaP256);
        await Eventually.TrueAsync(async () => (await _world.JournalAsync(node.Identity)).Any(r => r.FinalStage == NodeStage.Provisioned),
            TimeSpan.FromMinutes(2), "the node was never provisioned:\n" + member.Output);
        await Eventually.TrueAsync(() => seen.Any(m => m.StartsWith("choria.lifecycle.event.startup.server", StringComparison.Ordinal) && m.Contains(node.Identity, StringComparison.Ordinal)),
            TimeSpan.FromMinutes(1), "the provisioned node never came back on the broker");
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
        await member.StopAsync();
        SqliteConnection.ClearAllPools();
        var serverConf = Path.Combine(node.ConfigDirectory!, "server.conf");
        var nodeConfiguration = await File.ReadAllTextAsync(serverConf);
        var journal = string.Concat(new[] { journalFile, journalFile + "-wal" }.Where(File.Exists).Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
        var messages = string.Join("\n", seen);

        // Each place holds what it should, so a miss below is not an empty haystack.
        Assert.Contains($"NATS {_broker.Server.Url};", member.Output);
        Assert.Contains($"\"seen-by\":[[\"{_broker.Server.Url}\"", messages);
        Assert.Contains($"plugin.choria.middleware_hosts={_broker.Server.Url}", nodeConfiguration);
        Assert.Contains(node.Identity, journal);
        Assert.Contains("choria_provisioner", metrics);

        Assert.DoesNotContain(_broker.Password, member.Output);
        Assert.DoesNotContain(_broker.Password, messages);
        Assert.DoesNotContain(_broker.Password, nodeConfiguration);
        Assert.DoesNotContain(_broker.Password, journal);
        Assert.DoesNotContain(_broker.Password, metrics);
        Assert.Equal(FileModes.Secret, File.GetUnixFileMode(serverConf));
        Assert.Equal(FileModes.Secret, File.GetUnixFileMode(journalFile));

        await provisioning.UnsubscribeAsync();
        await choria.UnsubscribeAsync();
        await watching;
    }

    [Fact]
    public async Task A_member_with_a_wrong_password_does_not_start_and_its_error_shows_no_password()
    {
        const string wrong = "wrong-password-shown-nowhere";

        var e = await Assert.ThrowsAsync<MemberConfigurationException>(() => _world.StartMemberAsync($"""
            nats.user = provisioner
            nats.password-file = "{WritePasswordFile(wrong)}"
            """));

        var problem = Assert.Single(e.Problems);
        Assert.StartsWith($"cannot connect to NATS at {_broker.Server.Url}: ", problem);
        Assert.DoesNotContain(wrong, problem);
    }

    /// <summary>Each message as text: subject, NATS headers, body, and every base64 string in a JSON body decoded (Choria wraps requests in base64).</summary>
    private static async Task Record(INatsSub<byte[]> subscription, ConcurrentQueue<string> seen)
    {
        await foreach (var message in subscription.Msgs.ReadAllAsync())
        {
            var text = new StringBuilder(message.Subject).Append('\n');
            foreach (var (key, values) in message.Headers ?? [])
            {
                text.Append(key).Append(": ").Append(string.Join(",", values.ToArray())).Append('\n');
            }
            var body = message.Data ?? [];
            text.Append(Encoding.UTF8.GetString(body)).Append('\n');
            AppendDecoded(body, text);
            seen.Enqueue(text.ToString());
        }
    }

    private static void AppendDecoded(byte[] body, StringBuilder text)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            AppendDecoded(json.RootElement, text);
        }
        catch (JsonException)
        {
        }
    }

    private static void AppendDecoded(JsonElement element, StringBuilder text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject()) AppendDecoded(property.Value, text);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) AppendDecoded(item, text);
                break;
            case JsonValueKind.String:
                var value = element.GetString() ?? "";
                var bytes = new byte[value.Length];
                if (Convert.TryFromBase64String(value, bytes, out var written))
                {
                    var decoded = bytes[..written];
                    text.Append(Encoding.UTF8.GetString(decoded)).Append('\n');
                    AppendDecoded(decoded, text);
                }
                break;
        }
    }
}
