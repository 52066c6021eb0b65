using System.Globalization;

namespace Provisioner.Agent.Fleet;

/// <summary>
/// The share of nodes that get each fault, parsed from <c>slow=0.05,drop=0.01,badsig=0.01,wrongcn=0.01,
/// reboot=0.02,dup=0.05,norestart=0.01,noecdh=0.01</c>. Rates are probabilities between 0 and 1, drawn per node and fault.
/// </summary>
public sealed record FleetFaults(IReadOnlyDictionary<FleetFault, double> Rates)
{
    private static readonly IReadOnlyDictionary<string, FleetFault> Names = new Dictionary<string, FleetFault>(StringComparer.OrdinalIgnoreCase)
    {
        ["slow"] = FleetFault.Slow,
        ["drop"] = FleetFault.Drop,
        ["badsig"] = FleetFault.BadSignature,
        ["wrongcn"] = FleetFault.WrongCommonName,
        ["reboot"] = FleetFault.Reboot,
        ["dup"] = FleetFault.Duplicate,
        ["norestart"] = FleetFault.NoRestart,
        ["noecdh"] = FleetFault.NoEcdh,
    };

    public static FleetFaults None { get; } = new(new Dictionary<FleetFault, double>());

    /// <summary>The short name of a fault as <c>--faults</c> spells it.</summary>
    public static string NameOf(FleetFault fault) => Names.First(p => p.Value == fault).Key;

    /// <exception cref="FormatException">An entry is not <c>name=rate</c> with a known name and a rate between 0 and 1.</exception>
    public static FleetFaults Parse(string? text)
    {
        var rates = new Dictionary<FleetFault, double>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return new FleetFaults(rates);
        }
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
            {
                throw new FormatException($"fault '{entry}': expected name=rate, e.g. slow=0.05");
            }
            if (!Names.TryGetValue(parts[0], out var fault))
            {
                throw new FormatException($"fault '{parts[0]}' is unknown; known faults: {string.Join(", ", Names.Keys)}");
            }
            if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate is < 0 or > 1 || double.IsNaN(rate))
            {
                throw new FormatException($"fault '{parts[0]}': rate '{parts[1]}' must be a number between 0 and 1");
            }
            rates[fault] = rate;
        }
        return new FleetFaults(rates);
    }

    /// <summary>The faults one node gets, each drawn with its rate.</summary>
    public IReadOnlySet<FleetFault> Draw(Random random) =>
        Rates.Where(p => p.Value > 0 && random.NextDouble() < p.Value).Select(p => p.Key).ToHashSet();

    public override string ToString() =>
        Rates.Count == 0 ? "none" : string.Join(",", Rates.Select(p => $"{NameOf(p.Key)}={p.Value.ToString(CultureInfo.InvariantCulture)}"));
}
