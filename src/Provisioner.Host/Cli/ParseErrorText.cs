using System.Text.RegularExpressions;

namespace Provisioner.Host.Cli;

/// <summary>
/// System.CommandLine's parse errors in an operator's words: it names the .NET type an argument failed to parse as
/// (<c>System.Nullable`1[System.Int32]</c>); the operator needs to know what to type instead.
/// </summary>
public static partial class ParseErrorText
{
    [GeneratedRegex(@"as expected type '(?:System\.Nullable`1\[)?(?:System\.)?(?<type>[\w.]+)\]?'")]
    private static partial Regex ExpectedType();

    public static string Of(string message) => ExpectedType().Replace(message, m => "as " + Describe(m.Groups["type"].Value));

    private static string Describe(string type) => type switch
    {
        "Int32" or "Int64" or "UInt16" or "UInt32" => "a whole number",
        "Double" or "Decimal" or "Single" => "a number",
        "Boolean" => "true or false",
        "TimeSpan" => "a duration",
        "IO.FileInfo" or "IO.DirectoryInfo" => "a path",
        _ => $"a {type}",
    };
}
