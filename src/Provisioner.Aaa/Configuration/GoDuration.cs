using System.Globalization;

namespace Provisioner.Aaa.Configuration;

/// <summary>
/// Durations in Go's <c>time.ParseDuration</c> syntax, as aaasvc reads <c>validity</c> and <c>max_validity</c>:
/// number-unit pairs with units ns, us, µs, ms, s, m and h (<c>90s</c>, <c>1h30m</c>). There is no day unit, so
/// <c>1y</c> fails with Go's own words.
/// </summary>
public static class GoDuration
{
    private static readonly (string Unit, double Nanoseconds)[] Units =
    [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ];

    /// <summary>The duration <paramref name="text"/> names.</summary>
    /// <exception cref="FormatException">Go's message: <c>time: invalid duration "x"</c> or <c>time: unknown unit "y" in duration "1y"</c>.</exception>
    public static TimeSpan Parse(string text)
    {
        var s = text.Trim();
        if (s == "0")
        {
            return TimeSpan.Zero;
        }
        if (s.Length == 0)
        {
            throw new FormatException($"time: invalid duration \"{s}\"");
        }
        var nanoseconds = 0.0;
        var at = 0;
        while (at < s.Length)
        {
            var numberStart = at;
            while (at < s.Length && (char.IsAsciiDigit(s[at]) || s[at] == '.'))
            {
                at++;
            }
            if (at == numberStart || !double.TryParse(s.AsSpan(numberStart, at - numberStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                throw new FormatException($"time: invalid duration \"{s}\"");
            }
            var unitStart = at;
            while (at < s.Length && !char.IsAsciiDigit(s[at]) && s[at] != '.')
            {
                at++;
            }
            var unit = s[unitStart..at];
            if (unit.Length == 0)
            {
                throw new FormatException($"time: missing unit in duration \"{s}\"");
            }
            var match = Array.Find(Units, u => u.Unit == unit);
            if (match.Unit is null)
            {
                throw new FormatException($"time: unknown unit \"{unit}\" in duration \"{s}\"");
            }
            nanoseconds += number * match.Nanoseconds;
        }
        return TimeSpan.FromTicks((long)(nanoseconds / 100));
    }
}
