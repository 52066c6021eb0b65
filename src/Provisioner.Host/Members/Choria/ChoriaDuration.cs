using System.Globalization;

namespace Provisioner.Host.Members.Choria;

/// <summary>
/// Durations as Choria writes them (<c>interval</c>, <c>server_jwt_validity</c>): the last letter picks the unit.
/// <c>w</c>/<c>W</c> weeks, <c>d</c>/<c>D</c> days, <c>M</c> 30-day months and <c>y</c>/<c>Y</c> 365-day years take one
/// decimal number (<c>1.5d</c>); a text ending in <c>s</c>, <c>m</c> or <c>h</c> is a Go duration (<c>1h30m</c>,
/// <c>500ms</c>), a sequence of numbers each with its unit.
/// </summary>
public static class ChoriaDuration
{
    /// <summary>Go's units in nanoseconds, below a tick's resolution for <c>ns</c>.</summary>
    private static readonly Dictionary<string, double> GoUnits = new(StringComparer.Ordinal)
    {
        ["ns"] = 1, ["us"] = 1e3, ["µs"] = 1e3, ["ms"] = 1e6, ["s"] = 1e9, ["m"] = 60e9, ["h"] = 3600e9,
    };

    /// <summary>The duration <paramref name="text"/> names, or null when it is not a Choria duration.</summary>
    public static TimeSpan? Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length < 2)
        {
            return null;
        }
        var days = trimmed[^1] switch
        {
            'w' or 'W' => 7,
            'd' or 'D' => 1,
            'M' => 30,
            'y' or 'Y' => 365,
            _ => 0,
        };
        if (days > 0)
        {
            return double.TryParse(trimmed[..^1], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count) && count >= 0
                ? TimeSpan.FromHours(Math.Floor(count * days * 24))
                : null;
        }
        return trimmed[^1] is 's' or 'm' or 'h' ? GoDuration(trimmed) : null;
    }

    /// <summary>A Go duration without sign: one or more of a decimal number followed by its unit.</summary>
    private static TimeSpan? GoDuration(string text)
    {
        var nanoseconds = 0.0;
        var at = 0;
        while (at < text.Length)
        {
            var numberStart = at;
            while (at < text.Length && (char.IsAsciiDigit(text[at]) || text[at] == '.'))
            {
                at++;
            }
            if (!double.TryParse(text.AsSpan(numberStart, at - numberStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }
            var unitStart = at;
            while (at < text.Length && !char.IsAsciiDigit(text[at]) && text[at] != '.')
            {
                at++;
            }
            if (!GoUnits.TryGetValue(text[unitStart..at], out var unit))
            {
                return null;
            }
            nanoseconds += number * unit;
        }
        return TimeSpan.FromTicks((long)(nanoseconds / 100));
    }
}
