using System.Text.Json;
using Provisioner.Agent.Fleet;

namespace Provisioner.Host.Cli;

/// <summary>
/// The JSON <c>provisioner fleet --json</c> writes for benchmarks: the outcome (per protocol too), the times from each node's first
/// announcement to its <c>restart</c> answer and to its return as a server, and the per-stage times, in ms.
/// </summary>
internal static class FleetReportJson
{
    public static byte[] Encode(FleetResult result, FleetTimings timings)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("nodes", result.Total);
            json.WriteNumber("provisioned", result.Provisioned);
            json.WriteNumber("failed", result.Failed);
            json.WriteNumber("elapsed_s", Math.Round(result.Elapsed.TotalSeconds, 1));
            json.WriteStartObject("protocols");
            Write(json, "v1", result.ProtocolV1);
            Write(json, "v2", result.ProtocolV2);
            json.WriteEndObject();
            json.WriteNumber("timed_nodes", timings.Nodes);
            Write(json, "first_announcement_to_restart_answered", timings.ToRestartAnswered);
            Write(json, "first_announcement_to_provisioned", timings.ToProvisioned);
            json.WriteStartArray("stages");
            foreach (var stage in timings.Stages)
            {
                json.WriteStartObject();
                json.WriteString("name", stage.Name);
                Write(json, "time", stage.Time);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter json, string name, FleetProtocolCount count)
    {
        json.WriteStartObject(name);
        json.WriteNumber("nodes", count.Nodes);
        json.WriteNumber("provisioned", count.Provisioned);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, string name, FleetPercentiles times)
    {
        json.WriteStartObject(name);
        json.WriteNumber("count", times.Count);
        json.WriteNumber("p50_ms", Math.Round(times.P50Ms, 1));
        json.WriteNumber("p95_ms", Math.Round(times.P95Ms, 1));
        json.WriteNumber("p99_ms", Math.Round(times.P99Ms, 1));
        json.WriteNumber("mean_ms", Math.Round(times.MeanMs, 1));
        json.WriteNumber("max_ms", Math.Round(times.MaxMs, 1));
        json.WriteEndObject();
    }
}
