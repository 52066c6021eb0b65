using NATS.NKeys;
using Provisioner.Security.Broker;
using Xunit;

namespace Provisioner.Security.Tests.Broker;

public sealed class NatsCredentialsTests
{
    [Fact]
    public void Creds_file_has_the_standard_blocks_and_reads_back()
    {
        using var user = KeyPair.CreatePair(PrefixByte.User);
        var credentials = new NatsCredentials("eyJhbGciOi.eyJqdGkiOi.c2ln", user.GetSeed());

        var text = credentials.ToCredsFile();

        Assert.Contains("-----BEGIN NATS USER JWT-----\neyJhbGciOi.eyJqdGkiOi.c2ln\n------END NATS USER JWT------", text, StringComparison.Ordinal);
        Assert.Contains($"-----BEGIN USER NKEY SEED-----\n{user.GetSeed()}\n------END USER NKEY SEED------", text, StringComparison.Ordinal);
        Assert.Equal(credentials, NatsCredentials.Parse(text));
    }

    [Fact]
    public void Printing_credentials_masks_the_seed()
    {
        using var user = KeyPair.CreatePair(PrefixByte.User);

        var printed = new NatsCredentials("jwt", user.GetSeed()).ToString();

        Assert.DoesNotContain(user.GetSeed(), printed, StringComparison.Ordinal);
        Assert.Contains("*****", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_creds_file_without_a_seed()
    {
        var error = Assert.Throws<FormatException>(() => NatsCredentials.Parse("-----BEGIN NATS USER JWT-----\nx\n------END NATS USER JWT------\n"));

        Assert.Contains("nkey seed", error.Message, StringComparison.Ordinal);
    }
}
