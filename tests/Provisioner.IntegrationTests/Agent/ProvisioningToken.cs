using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provisioner.Security.Tokens;

namespace Provisioner.IntegrationTests.Agent;

/// <summary>A provisioning token for test nodes, and the key that verifies it.</summary>
internal sealed record ProvisioningToken(string Text, TokenVerificationKey VerificationKey)
{
    public static ProvisioningToken For(string brokerUrl, JsonObject? extensions = null, string? registrationFile = null)
    {
        using var key = TokenSigningKey.FromEd25519Seed(RandomNumberGenerator.GetBytes(32));
        var text = ProvisioningTokens.Issue(
            new ProvisioningTokenRequest { Token = ScriptedProvisioner.AgentToken, Urls = [brokerUrl], Extensions = extensions, RegistrationDataFile = registrationFile },
            key,
            TimeProvider.System);
        return new ProvisioningToken(text, key.VerificationKey);
    }
}
