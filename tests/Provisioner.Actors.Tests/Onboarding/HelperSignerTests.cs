using Provisioner.Actors.Nodes;
using Provisioner.Actors.Onboarding;
using Provisioner.Actors.Onboarding.Helper;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Onboarding;

public sealed class HelperSignerTests : IDisposable
{
    private const string Identity = "n1.example.net";

    private readonly HelperScripts _scripts = new();

    public void Dispose() => _scripts.Dispose();

    private string Marker => _scripts.PathOf("ran");

    // Leaves a mark, then configures the node as a helper that signs whatever it is given would.
    private HelperSigner Signer() => new(new HelperRunner(_scripts.Write("helper.sh", $$$"""
        cat >/dev/null
        touch '{{{Marker}}}'
        echo '{"configuration":{"identity":"{{{Identity}}}"}}'
        """)), TimeProvider.System);

    private static NodeState WithCsr(string csrPem) => NodeState.Empty(Identity) with
    {
        Attempt = 1,
        Csr = new NodeEvents.CsrAccepted(Identity, 1, DateTimeOffset.UtcNow, csrPem, "PUB", "/etc/choria/ssl"),
    };

    [Fact]
    public async Task Runs_the_helper_for_a_csr_that_names_only_the_identity()
    {
        var signed = await Signer().SignAsync(WithCsr(CraftedCsrs.CommonNames(Identity)), null, CancellationToken.None);

        Assert.Equal(Identity, signed.Configuration["identity"]);
        Assert.True(File.Exists(Marker));
    }

    [Fact]
    public async Task Refuses_a_csr_hiding_a_second_common_name_before_the_helper_runs()
    {
        var state = WithCsr(CraftedCsrs.HiddenCommonName(Identity, "admin.privileged.choria"));

        var failure = await Assert.ThrowsAsync<StepFailure>(() => Signer().SignAsync(state, null, CancellationToken.None));

        Assert.Equal(StepFailureKind.Fatal, failure.Kind);
        Assert.Equal("CSR subject O=x + CN=admin.privileged.choria, CN=n1.example.net has a multi-valued RDN; each RDN must hold one attribute", failure.Message);
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public async Task Refuses_a_csr_asking_for_another_name_before_the_helper_runs()
    {
        var state = WithCsr(CraftedCsrs.WithAlternativeNames(Identity, n => n.AddDnsName("admin.privileged.choria")));

        var failure = await Assert.ThrowsAsync<StepFailure>(() => Signer().SignAsync(state, null, CancellationToken.None));

        Assert.Equal("subject alternative name DNS:admin.privileged.choria is not the identity n1.example.net", failure.Message);
        Assert.False(File.Exists(Marker));
    }
}
