using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Provisioner.Host.Members;

/// <summary>
/// The settings a member would run with, after flags, environment, files and defaults, one <c>name = value</c> line
/// each, for <c>provisioner member --check-config</c>. Secrets (the agent token, the broker password, a password in
/// the journal connection string) show as <c>*****</c>; paths to secret files are shown, their contents never read.
/// </summary>
public static partial class EffectiveSettings
{
    private const string Masked = "*****";

    [GeneratedRegex(@"(?i)(password|pwd)\s*=\s*[^;]*")]
    private static partial Regex ConnectionPassword();

    public static IReadOnlyList<string> Lines(MemberSettings settings)
    {
        var cluster = settings.Cluster;
        var lines = new List<string>
        {
            $"cluster.hostname = {cluster.Hostname}",
            $"cluster.port = {cluster.Port}",
            $"cluster.seeds = {string.Join(", ", cluster.SeedNodes)}",
            $"cluster.tls = {(cluster.Tls is { } tls ? $"cert {tls.Certificate}, key {tls.Key}, ca {tls.Ca}" : "off")}",
            $"journal.database = {cluster.Journal.Database}",
            $"journal.connection = {ConnectionPassword().Replace(cluster.Journal.ConnectionString, m => $"{m.Groups[1].Value}={Masked}")}",
        };
        lines.AddRange(Provisioner(settings.Provisioner).Select(e => $"provisioner.{e.Name} = {e.Value}"));
        return lines;
    }

    /// <summary>
    /// Each setting of the <c>provisioner { }</c> section as its key (kebab case) and the value shown: secrets
    /// masked, lists and maps written out, durations in HOCON's units.
    /// </summary>
    public static IEnumerable<(string Name, string Value)> Provisioner(ProvisionerSettings p)
    {
        foreach (var property in typeof(ProvisionerSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(q => q.MetadataToken))
        {
            var value = property.GetValue(p);
            var shown = property.Name switch
            {
                nameof(ProvisionerSettings.Token) => string.IsNullOrEmpty(p.Token) ? "" : Masked,
                nameof(ProvisionerSettings.NodeSettings) => Show(p.NodeSettings.ToDictionary(e => e.Key, e => IsSecretSetting(e.Key) ? Masked : e.Value)),
                _ => Show(value),
            };
            yield return (Kebab(property.Name), shown);
        }
    }

    // Extra node settings are free-form Choria keys, some of which carry a password or token for the node; a key
    // naming a file holds a path, which is shown.
    private static bool IsSecretSetting(string key) =>
        !key.EndsWith("file", StringComparison.OrdinalIgnoreCase)
        && (key.Contains("password", StringComparison.OrdinalIgnoreCase) || key.Contains("secret", StringComparison.OrdinalIgnoreCase)
            || key.Contains("token", StringComparison.OrdinalIgnoreCase) || key.Contains("seed", StringComparison.OrdinalIgnoreCase));

    private static string Show(object? value) => value switch
    {
        null => "",
        TimeSpan t => Duration(t),
        bool b => b ? "on" : "off",
        string s => s,
        IEnumerable<KeyValuePair<string, string>> map => "{ " + string.Join(", ", map.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} = {e.Value}")) + " }",
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Show)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        // Records print their members; the broker settings mask the password themselves.
        _ => value.ToString() ?? "",
    };

    private static string Duration(TimeSpan t) =>
        t.TotalDays >= 1 && t.TotalDays % 1 == 0 ? $"{t.TotalDays:0}d"
        : t.TotalHours >= 1 && t.TotalHours % 1 == 0 ? $"{t.TotalHours:0}h"
        : t.TotalMinutes >= 1 && t.TotalMinutes % 1 == 0 ? $"{t.TotalMinutes:0}m"
        : t.TotalSeconds % 1 == 0 ? $"{t.TotalSeconds:0}s"
        : $"{t.TotalMilliseconds:0}ms";

    private static string Kebab(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('-');
            }
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }
}
