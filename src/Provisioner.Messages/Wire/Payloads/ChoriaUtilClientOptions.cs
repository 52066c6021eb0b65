using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>
/// The <c>client_options</c> of <c>choria_util#info</c>: the middleware client's connection options, durations in
/// seconds as Go's <c>Duration.Seconds()</c> gives them.
/// </summary>
public sealed record ChoriaUtilClientOptions(
    [property: JsonPropertyName("servers")] IReadOnlyList<string> Servers,
    [property: JsonPropertyName("dont_randomize_servers")] bool NoRandomize,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("pedantic")] bool Pedantic,
    [property: JsonPropertyName("secure")] bool Secure,
    [property: JsonPropertyName("allow_reconnect")] bool AllowReconnect,
    [property: JsonPropertyName("max_reconnect_attempts")] int MaxReconnectAttempts,
    [property: JsonPropertyName("reconnect_time_wait")] double ReconnectTimeWait,
    [property: JsonPropertyName("connect_timeout")] double ConnectTimeout,
    [property: JsonPropertyName("ping_interval")] double PingInterval,
    [property: JsonPropertyName("max_outstanding_pings")] int MaxOutstandingPings);
