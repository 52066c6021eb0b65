using Provisioner.Actors.Journal;
using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Nodes;

/// <summary>The entity runs the steps its member's features choose, as Choria's provisioner does per <c>features</c>.</summary>
public sealed class FeatureStepsTests : IAsyncLifetime
{
    private const string Node = "x509.example.net";
    private readonly string _dir = Directory.CreateTempSubdirectory("provisioner-features-").FullName;
    private readonly FakeFleet _fleet = new();
    private TestMember _member = null!;

    private JournalStore Journal => new(JournalDatabase.Sqlite, $"Data Source={Path.Combine(_dir, "journal.db")}");

    // Choria's x509 profile: features jwt and pki.
    public async Task InitializeAsync() =>
        _member = await TestMember.StartAsync(Journal, _fleet, features: ProvisioningFeatures.Parse(["jwt", "pki"], pkiWithEd25519: false));

    [Fact]
    public async Task A_member_with_choria_s_x509_features_never_asks_for_an_ed25519_key_or_issues_a_server_jwt()
    {
        _fleet.Discoverable.Add(Node);

        await Eventually.TrueAsync(
            async () => (await NodeViews.OrNullAsync(_member.Cluster.Nodes, Node))?.Stage == NodeStage.Provisioned,
            TimeSpan.FromSeconds(60), $"{Node} is provisioned");

        Assert.Equal(0, _fleet.Calls(Node, ProvisioningStep.Gen25519));
        Assert.Equal(0, _fleet.Calls(Node, ProvisioningStep.IssueServerJwt));
        Assert.All(
            [ProvisioningStep.Jwt, ProvisioningStep.Inventory, ProvisioningStep.Gencsr, ProvisioningStep.Sign, ProvisioningStep.Configure, ProvisioningStep.Restart],
            step => Assert.Equal(1, _fleet.Calls(Node, step)));
    }

    public async Task DisposeAsync()
    {
        await _member.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
