using System.Globalization;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace Provisioner.Host.Members;

/// <summary>
/// Checks the operator's <c>provisioner { }</c> keys against <c>hocon/base.conf</c>, the one list of settings. A key
/// base.conf does not have is unknown: a typo or a Choria-style name (<c>jwt_verify_cert</c>) would otherwise be
/// ignored and surface later as an unrelated "required" error. A value must parse as its default does (a duration,
/// a whole number, on/off), so that reading it later cannot fail with a parser's stack trace.
/// </summary>
public static partial class SettingsCheck
{
    private const string Root = "provisioner";
    private static readonly string[] Switches = ["on", "off", "true", "false", "yes", "no"];

    [GeneratedRegex(@"^\d+(\.\d+)?\s*(ns|us|ms|s|m|h|d)$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"^-?\d+$")]
    private static partial Regex Whole();

    /// <summary>One line per unknown key or badly typed value in <paramref name="files"/>, each naming the key.</summary>
    public static IReadOnlyList<string> Problems(Config files, Config defaults)
    {
        var problems = new List<string>();
        if (files.IsEmpty || !files.HasPath(Root))
        {
            return problems;
        }
        var section = files.GetValue(Root);
        if (!section.IsObject())
        {
            return [$"{Root}: must be a section {{ ... }}"];
        }
        foreach (var (key, value) in section.GetObject().Items)
        {
            Check($"{Root}.{key}", value, files, defaults, problems);
        }
        return problems;
    }

    private static void Check(string path, HoconValue value, Config files, Config defaults, List<string> problems)
    {
        if (!defaults.HasPath(path))
        {
            problems.Add($"{path}: unknown setting (hocon/base.conf lists every setting)");
            return;
        }
        var expected = defaults.GetValue(path);
        if (expected.IsObject())
        {
            var known = expected.GetObject().Items;
            // An empty section in base.conf is a map the operator fills (node-settings).
            if (known.Count == 0)
            {
                return;
            }
            if (!value.IsObject())
            {
                problems.Add($"{path}: must be a section {{ ... }}");
                return;
            }
            foreach (var (key, child) in value.GetObject().Items)
            {
                Check($"{path}.{key}", child, files, defaults, problems);
            }
            return;
        }
        if (expected.IsArray() || value.IsArray())
        {
            if (expected.IsArray() != value.IsArray())
            {
                problems.Add($"{path}: must be {(expected.IsArray() ? "a list [ ... ]" : "a single value")}");
            }
            return;
        }
        if (value.IsObject())
        {
            problems.Add($"{path}: must be a single value, not a section");
            return;
        }
        var raw = value.GetString() ?? "";
        var example = expected.GetString() ?? "";
        if (Duration().IsMatch(example) && !IsDuration(files, path))
        {
            problems.Add($"{path}: '{raw}' is not a duration (like {example})");
        }
        else if (Whole().IsMatch(example) && !int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            problems.Add($"{path}: '{raw}' is not a whole number");
        }
        else if (Switches.Contains(example) && !Switches.Contains(raw))
        {
            problems.Add($"{path}: '{raw}' is not on or off");
        }
    }

    private static bool IsDuration(Config files, string path)
    {
        try
        {
            files.GetTimeSpan(path);
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ConfigurationException or ArgumentException)
        {
            return false;
        }
    }
}
