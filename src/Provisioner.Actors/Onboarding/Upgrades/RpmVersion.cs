using System.Text.RegularExpressions;

namespace Provisioner.Actors.Onboarding.Upgrades;

/// <summary>
/// Versions compared as Choria's provisioner compares them (RPM's rpmvercmp over <c>epoch:version-release</c>): a
/// missing or non-numeric epoch is 0; segments are runs of letters, runs of digits and <c>~</c>, separators ignored;
/// <c>~</c> sorts lowest, digits beat letters, numbers compare without leading zeros (longer wins), then as strings; with
/// all shared segments equal, more segments wins. So <c>0.29.04</c> equals <c>0.29.4</c> and <c>v0.30.0</c> does not equal <c>0.30.0</c>.
/// </summary>
public static partial class RpmVersion
{
    /// <summary>Negative when <paramref name="a"/> is older than <paramref name="b"/>, 0 when they are the same version, positive when newer.</summary>
    public static int Compare(string a, string b)
    {
        var (epochA, versionA, releaseA) = Parse(a);
        var (epochB, versionB, releaseB) = Parse(b);
        if (epochA != epochB)
        {
            return epochA.CompareTo(epochB);
        }
        var byVersion = CompareSegments(versionA, versionB);
        return byVersion != 0 ? byVersion : CompareSegments(releaseA, releaseB);
    }

    public static bool AreEqual(string a, string b) => Compare(a, b) == 0;

    private static (int Epoch, string Version, string Release) Parse(string text)
    {
        var epoch = 0;
        var colon = text.IndexOf(':');
        if (colon >= 0)
        {
            epoch = int.TryParse(text[..colon].TrimStart(), out var parsed) ? parsed : 0;
            text = text[(colon + 1)..];
        }
        var dash = text.IndexOf('-');
        return dash >= 0 ? (epoch, text[..dash], text[(dash + 1)..]) : (epoch, text, "");
    }

    private static int CompareSegments(string a, string b)
    {
        if (a == b)
        {
            return 0;
        }
        var segmentsA = Segment().Matches(a).Select(m => m.Value).ToList();
        var segmentsB = Segment().Matches(b).Select(m => m.Value).ToList();
        var shared = Math.Min(segmentsA.Count, segmentsB.Count);
        for (var i = 0; i < shared; i++)
        {
            var (x, y) = (segmentsA[i], segmentsB[i]);
            if (x[0] == '~' || y[0] == '~')
            {
                if (x[0] != '~')
                {
                    return 1;
                }
                if (y[0] != '~')
                {
                    return -1;
                }
            }
            if (char.IsAsciiDigit(x[0]))
            {
                if (!char.IsAsciiDigit(y[0]))
                {
                    return 1;
                }
                x = x.TrimStart('0');
                y = y.TrimStart('0');
                if (x.Length != y.Length)
                {
                    return x.Length > y.Length ? 1 : -1;
                }
            }
            else if (char.IsAsciiDigit(y[0]))
            {
                return -1;
            }
            var order = string.CompareOrdinal(x, y);
            if (order != 0)
            {
                return Math.Sign(order);
            }
        }
        if (segmentsA.Count == segmentsB.Count)
        {
            return 0;
        }
        if (segmentsA.Count > shared && segmentsA[shared] == "~")
        {
            return -1;
        }
        if (segmentsB.Count > shared && segmentsB[shared] == "~")
        {
            return 1;
        }
        return segmentsA.Count > segmentsB.Count ? 1 : -1;
    }

    [GeneratedRegex("[a-zA-Z]+|[0-9]+|~")]
    private static partial Regex Segment();
}
