using Akka.Actor;
using Provisioner.Actors.Journal;
using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Nodes;

/// <summary>
/// A start carries what the node answered the leader's token check; the entity hands it to its steps only for an
/// attempt it opens with the jwt feature on, so the jwt step verifies that answer instead of asking the node again.
/// </summary>
public sealed class AdmittedTokenHandOffTests : IAsyncLifetime
{
    private const string Node = "n1.example.net";
    private static readonly AdmittedToken First = new("first.jwt.text", new string('a', 64));
    private static readonly AdmittedToken Second = new("second.jwt.text", new string('b', 64));
    private readonly string _dir = Directory.CreateTempSubdirectory("provisioner-admitted-").FullName;
    private readonly FakeFleet _fleet = new();
    private TestMember? _member;

    private JournalStore Journal => new(JournalDatabase.Sqlite, $"Data Source={Path.Combine(_dir, "journal.db")}");

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task StartMemberAsync(ProvisioningFeatures features) =>
        _member = await TestMember.StartAsync(Journal, _fleet, passivateAfterEnd: TimeSpan.FromMinutes(10), features: features);

    private async Task<NodeReply> Start(AdmittedToken answer) =>
        await _member!.Cluster.Nodes.Ask<NodeReply>(
            new NodeCommands.StartAttempt(Node, AttemptTrigger.Discovery, DateTimeOffset.UtcNow) { Admission = answer }, TimeSpan.FromSeconds(10));

    private IReadOnlyList<AdmittedToken> Handed => _fleet.AdmittedAnswers.TryGetValue(Node, out var answers) ? [.. answers] : [];

    [Fact]
    public async Task A_start_that_opens_an_attempt_hands_the_admissions_answer_to_the_steps()
    {
        await StartMemberAsync(ProvisioningFeatures.Ours);

        Assert.Equal(NodeReplyCode.Ok, (await Start(First)).Code);

        await Eventually.TrueAsync(() => Task.FromResult(_fleet.Calls(Node, ProvisioningStep.Jwt) == 1), TimeSpan.FromSeconds(30), "the jwt step runs");
        Assert.Equal([First], Handed);
    }

    [Fact]
    public async Task A_start_while_an_attempt_runs_hands_nothing()
    {
        await StartMemberAsync(ProvisioningFeatures.Ours);
        _fleet.Hangs[Node] = ProvisioningStep.Inventory;
        await Start(First);
        await Eventually.TrueAsync(() => Task.FromResult(_fleet.Calls(Node, ProvisioningStep.Inventory) == 1), TimeSpan.FromSeconds(30), $"{Node} waits in inventory");

        Assert.Equal(NodeReplyCode.NoOp, (await Start(Second)).Code);

        Assert.Equal([First], Handed);
    }

    [Fact]
    public async Task Without_the_jwt_feature_no_answer_is_held()
    {
        await StartMemberAsync(new ProvisioningFeatures(Jwt: false, Pki: true, Ed25519: false));

        Assert.Equal(NodeReplyCode.Ok, (await Start(First)).Code);

        await Eventually.TrueAsync(() => Task.FromResult(_fleet.Calls(Node, ProvisioningStep.Inventory) == 1), TimeSpan.FromSeconds(30), "the attempt runs");
        Assert.Empty(Handed);
    }

    public async Task DisposeAsync()
    {
        if (_member is not null)
        {
            await _member.DisposeAsync();
        }
        Directory.Delete(_dir, recursive: true);
    }
}
