using Provisioner.Aaa.Configuration;

namespace Provisioner.Aaa.Tests.Configuration;

public sealed class AaaSettingsTests : IDisposable
{
    private readonly AaaWorld _world = new();

    [Fact]
    public void Reads_the_spec_configuration_as_it_is_written()
    {
        var settings = AaaSettings.Parse(_world.Config());

        Assert.Equal("london", settings.Site);
        Assert.Equal(TimeSpan.FromHours(1), settings.Login!.Validity);
        Assert.Equal(TimeSpan.FromHours(2), settings.Signer!.MaxValidity);
        Assert.Equal(_world.AuditLogPath, settings.AuditLogfile);
    }

    [Theory]
    [InlineData("\"validity\": \"1h\"", "\"validity\": \"1y\"", "invalid token validity: time: unknown unit \"y\" in duration \"1y\"")]
    [InlineData("\"authorizer\": \"actionlist\"", "\"authorizer\": \"opa\"", "opa is not supported")]
    [InlineData("\"authorizer\": \"actionlist\"", "\"authorizer\": \"\"", "needs an authorizer")]
    [InlineData("\"authenticator\": \"userlist\"", "\"authenticator\": \"okta\"", "okta authenticator has been removed")]
    [InlineData("\"authenticator\": \"userlist\"", "\"authenticator\": \"ldap\"", "unknown authenticator: ldap")]
    [InlineData("\"signer\": \"basicjwt\"", "\"signer\": \"other\"", "unknown signer: other")]
    [InlineData("[\"logfile\"]", "[\"natsstream\"]", "NATS Streaming Server auditor has been removed")]
    [InlineData("[\"logfile\"]", "[\"jetstream\"]", "jetstream auditor is not supported")]
    [InlineData("[\"logfile\"]", "[\"syslog\"]", "unknown auditor: syslog")]
    [InlineData("\"max_validity\": \"2h\"", "\"max_validity\": \"\"", "max_validity is required")]
    [InlineData("\"basicjwt_signer\"", "\"other_signer\"", "basicjwt signer enabled without a valid configuration")]
    public void Refuses_what_cannot_run_naming_the_reason(string from, string to, string expected)
    {
        var config = _world.Config().Replace(from, to, StringComparison.Ordinal);

        var error = Assert.Throws<AaaConfigException>(() => AaaSettings.Parse(config));

        Assert.Contains(error.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Refuses_chained_login_tokens_and_v2_delegation()
    {
        var config = _world.Config(signerExtra: ",\"signing_seed\":\"x\"").Replace("\"users_file\"", "\"signing_token\": \"t\", \"users_file\"", StringComparison.Ordinal);

        var error = Assert.Throws<AaaConfigException>(() => AaaSettings.Parse(config));

        Assert.Contains(error.Problems, p => p.StartsWith("userlist_authenticator.signing_token:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("basicjwt_signer.signing_token/signing_seed:", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unsupported_login_key_is_refused_naming_the_file()
    {
        File.WriteAllText(_world.LoginKeyPath, "not a key");

        var error = Assert.Throws<AaaConfigException>(() => _world.Service());

        Assert.Contains($"unsupported key in {_world.LoginKeyPath}", error.Message);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("0", 0)]
    public void Go_durations_parse(string text, int seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), GoDuration.Parse(text));

    public void Dispose() => _world.Dispose();
}
