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
        var p = settings.Provisioner;
        foreach (var property in typeof(ProvisionerSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(q => q.MetadataToken))
        {
            var value = property.GetValue(p);
            var shown = property.Name == nameof(ProvisionerSettings.Token)
                ? (string.IsNullOrEmpty(p.Token) ? "" : Masked)
                : Show(value);
            lines.Add($"provisioner.{Kebab(property.Name)} = {shown}");
        }
        return lines;
    }

    private static string Show(object? value) => value switch
    {
        null => "",
        TimeSpan t => Duration(t),
        bool b => b ? "on" : "off",
        string s => s,
        IReadOnlyDictionary<string, string> map => "{ " + string.Join(", ", map.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} = {e.Value}")) + " }",
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
