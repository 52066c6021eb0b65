using Provisioner.Actors.Nodes;
using Provisioner.Actors.Onboarding;
using Provisioner.Messages.Nodes;
using Provisioner.Messages.Wire;
using Provisioner.Security.Pki;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Onboarding;

public sealed class CertificateAuthoritySignerTests : IDisposable
{
    private const string Identity = "n1.example.net";
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-05T10:00:00Z");

    private readonly CertificateAuthority _ca = CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256);

    public void Dispose() => _ca.Dispose();

    private static NodeState WithCsr(NodeEvents.KeyProven? key) => NodeState.Empty(Identity) with
    {
        Attempt = 1,
        Key = key,
        Csr = new NodeEvents.CsrAccepted(Identity, 1, At, CsrFactory.Create(new CsrSubject(Identity), PkiKeyAlgorithm.EcdsaP256).CsrPem, "PUB", "/etc/choria/ssl"),
    };

    private Task<NodeEvents.Signed> Sign(NodeState state) =>
        new CertificateAuthoritySigner(_ca, TimeSpan.FromDays(30), new Dictionary<string, string>(), new ManualClock(At)).SignAsync(state, null, CancellationToken.None);

    [Fact]
    public async Task Without_the_ed25519_feature_the_csr_is_signed_and_the_configuration_names_no_seed_or_server_jwt()
    {
        var signed = await Sign(WithCsr(key: null));

        Assert.NotEmpty(signed.CertificatePem);
        Assert.Equal("/etc/choria/ssl/certificate.pem", signed.Configuration[ServerConfigKeys.FileCertificate]);
        Assert.False(signed.Configuration.ContainsKey(ServerConfigKeys.ServerSeedFile));
        Assert.False(signed.Configuration.ContainsKey(ServerConfigKeys.ServerTokenFile));
    }

    [Fact]
    public async Task With_a_proven_ed25519_key_the_configuration_names_its_seed_and_server_jwt()
    {
        var signed = await Sign(WithCsr(new NodeEvents.KeyProven(Identity, 1, At, new string('b', 64), "n", "/etc/choria", "s")));

        Assert.Equal("/etc/choria/server.seed", signed.Configuration[ServerConfigKeys.ServerSeedFile]);
        Assert.Equal("/etc/choria/server.jwt", signed.Configuration[ServerConfigKeys.ServerTokenFile]);
    }
}
