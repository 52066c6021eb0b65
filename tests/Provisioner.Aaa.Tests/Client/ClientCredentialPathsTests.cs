using Provisioner.Aaa.Client;

namespace Provisioner.Aaa.Tests.Client;

public sealed class ClientCredentialPathsTests
{
    [Theory]
    [InlineData("/home/bob/.choria/client.jwt", "/home/bob/.choria/client.key")]
    [InlineData("/home/bob/token", "/home/bob/token.key")]
    public void The_seed_defaults_to_the_token_path_with_extension_key(string token, string seed) =>
        Assert.Equal(seed, ClientCredentialPaths.Resolve(token, null).SeedFile);

    [Fact]
    public void Choria_settings_name_the_files_the_new_keys_first_and_flags_win()
    {
        var settings = new Dictionary<string, string>
        {
            [ClientCredentialPaths.TokenFileKey] = "/new/token.jwt",
            [ClientCredentialPaths.LegacyTokenFileKey] = "/legacy/token.jwt",
            [ClientCredentialPaths.LegacySeedFileKey] = "/legacy/seed",
        };

        Assert.Equal(new ClientCredentialPaths("/new/token.jwt", "/legacy/seed"), ClientCredentialPaths.Resolve(null, null, settings));
        Assert.Equal(new ClientCredentialPaths("/flag/t.jwt", "/flag/s"), ClientCredentialPaths.Resolve("/flag/t.jwt", "/flag/s", settings));
    }

    [Fact]
    public void Without_a_token_file_login_fails_with_choria_words()
    {
        var error = Assert.Throws<AaaClientException>(() => ClientCredentialPaths.Resolve(null, null, new Dictionary<string, string>()));

        Assert.Equal("no token path found: no token file defined", error.Message);
    }
}
