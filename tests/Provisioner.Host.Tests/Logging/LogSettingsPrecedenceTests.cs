using Akka.Configuration;
using Microsoft.Extensions.Logging;
using Provisioner.Host.Logging;
using Provisioner.Host.Members;
using Xunit;

namespace Provisioner.Host.Tests.Logging;

/// <summary>The member's log settings follow the one precedence: flag, PROVISIONER_LOG_*, provisioner.log in the file, default.</summary>
public sealed class LogSettingsPrecedenceTests
{
    private static readonly Config File = ConfigurationFactory.ParseString("""
        provisioner.log { level = error, format = json, file = "/var/log/file.log" }
        """);

    private static readonly Dictionary<string, string> Environment = new()
    {
        [ProvisionerVariables.LogLevel] = "debug",
        [ProvisionerVariables.LogFormat] = "text",
        [ProvisionerVariables.LogFile] = "/var/log/env.log",
    };

    private static readonly MemberFlags Flags = new() { LogLevel = "warning", LogFormat = "json", LogFile = "/var/log/flag.log" };

    private static LogSettings Resolve(MemberFlags flags, IReadOnlyDictionary<string, string> environment, Config file) =>
        MemberSettings.Resolve(flags, name => environment.GetValueOrDefault(name), file).Provisioner.Log;

    [Fact]
    public void Flags_beat_the_environment() =>
        Assert.Equal(new LogSettings(LogLevel.Warning, LogFormat.Json, "/var/log/flag.log"), Resolve(Flags, Environment, File));

    [Fact]
    public void The_environment_beats_the_file() =>
        Assert.Equal(new LogSettings(LogLevel.Debug, LogFormat.Text, "/var/log/env.log"), Resolve(new MemberFlags(), Environment, File));

    [Fact]
    public void The_file_beats_the_defaults() =>
        Assert.Equal(new LogSettings(LogLevel.Error, LogFormat.Json, "/var/log/file.log"), Resolve(new MemberFlags(), new Dictionary<string, string>(), File));

    [Fact]
    public void The_defaults_are_info_text_and_stdout() =>
        Assert.Equal(LogSettings.Default, Resolve(new MemberFlags(), new Dictionary<string, string>(), Config.Empty));

    [Theory]
    [InlineData(ProvisionerVariables.LogLevel, "loud", "PROVISIONER_LOG_LEVEL: 'loud' is not trace, debug, info, warning or error")]
    [InlineData(ProvisionerVariables.LogFormat, "xml", "PROVISIONER_LOG_FORMAT: 'xml' is not text or json")]
    public void A_bad_variable_is_refused_naming_it(string variable, string value, string problem)
    {
        var e = Assert.Throws<MemberConfigurationException>(() => Resolve(new MemberFlags(), new Dictionary<string, string> { [variable] = value }, Config.Empty));

        Assert.Equal([problem], e.Problems);
    }

    [Theory]
    [InlineData("level = loud", "provisioner.log.level: 'loud' is not trace, debug, info, warning or error")]
    [InlineData("format = xml", "provisioner.log.format: 'xml' is not text or json")]
    [InlineData("colour = on", "provisioner.log.colour: unknown setting (hocon/base.conf lists every setting)")]
    public void A_bad_file_setting_is_refused_naming_it(string setting, string problem)
    {
        var e = Assert.Throws<MemberConfigurationException>(() =>
            Resolve(new MemberFlags(), new Dictionary<string, string>(), ConfigurationFactory.ParseString($"provisioner.log {{ {setting} }}")));

        Assert.Equal([problem], e.Problems);
    }
}
