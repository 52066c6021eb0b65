using Akka.Configuration;

namespace Provisioner.Host.AaaHosting;

/// <summary>The <c>provisioner.aaa { }</c> section: which aaasvc configuration a member serves, and how.</summary>
public sealed record AaaMemberSettings(string ConfigFile, string Bind, bool DisableTls, string Collective)
{
    public static AaaMemberSettings Off { get; } = new("", "0.0.0.0", false, "choria");

    public bool Enabled => !string.IsNullOrWhiteSpace(ConfigFile);

    /// <summary>Reads the section from the <c>provisioner</c> config (base.conf supplies the defaults).</summary>
    public static AaaMemberSettings From(Config provisioner) => new(
        provisioner.GetString("aaa.config", ""),
        provisioner.GetString("aaa.bind", "0.0.0.0"),
        provisioner.GetBoolean("aaa.disable-tls", false),
        provisioner.GetString("aaa.collective", "choria"));
}
