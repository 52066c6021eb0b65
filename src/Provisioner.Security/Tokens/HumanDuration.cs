using System.Globalization;

namespace Provisioner.Security.Tokens;

/// <summary>
/// Durations as Choria's tools write them: one or more number-unit pairs such as <c>1y</c>, <c>30d</c>
/// or <c>1h30m</c>, with units s, m (minutes), h, d, w (7 days) and y (365 days).
/// </summary>
public static class HumanDuration
{
    public static TimeSpan Parse(string text)
    {
        if (!TryParse(text, out var duration, out var error))
        {
            throw new FormatException(error);
        }
        return duration;
    }

    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        error = "";
        var s = text?.Trim() ?? "";
        if (s.Length == 0)
        {
            error = "empty duration; expected for example 1y, 30d, 12h or 90m";
            return false;
        }
        var total = 0.0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }
            if (i == start || i == s.Length)
            {
                error = $"invalid duration '{s}': expected a number followed by a unit (s, m, h, d, w or y)";
                return false;
            }
            if (!double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                error = $"invalid duration '{s}': '{s[start..i]}' is not a number";
                return false;
            }
            double? seconds = s[i] switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86400,
                'w' => 7 * 86400,
                'y' => 365 * 86400,
                _ => null,
            };
            if (seconds is null)
            {
                error = $"invalid duration '{s}': unknown unit '{s[i]}', expected s, m, h, d, w or y";
                return false;
            }
            total += amount * seconds.Value;
            i++;
        }
        if (total > TimeSpan.MaxValue.TotalSeconds)
        {
            error = $"invalid duration '{s}': too long";
            return false;
        }
        duration = TimeSpan.FromSeconds(total);
        return true;
    }
}
