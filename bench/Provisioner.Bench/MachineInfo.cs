using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace Provisioner.Bench;

/// <summary>The machine a figure was measured on; figures from different machines are not comparable.</summary>
public sealed record MachineInfo(
    [property: JsonPropertyName("cores")] int Cores,
    [property: JsonPropertyName("cpu")] string Cpu,
    [property: JsonPropertyName("memory_gib")] double MemoryGib,
    [property: JsonPropertyName("os")] string OperatingSystem,
    [property: JsonPropertyName("dotnet")] string DotNet)
{
    /// <summary>Describes this machine.</summary>
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        CpuModel(),
        Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        try
        {
            var line = File.Exists(cpuInfo) ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
            return line?[(line.IndexOf(':') + 1)..].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
