using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.V2;

namespace Provisioner.Actors.Rpc;

/// <summary>Who the provisioner is on the Choria network, and how long it waits for answers.</summary>
public sealed record ChoriaRpcClientOptions
{
    /// <summary>The provisioner's own identity: the request sender id and <c>mc_sender</c>.</summary>
    public required string Identity { get; init; }

    /// <summary>The caller id; absent means <c>choria=&lt;Identity&gt;</c>, as Choria's file security provider makes it.</summary>
    public string? CallerId { get; init; }

    /// <summary>The caller id in use.</summary>
    public string EffectiveCallerId => CallerId ?? $"choria={Identity}";

    public string Collective { get; init; } = Protocols.ProvisioningCollective;

    /// <summary>Request time to live in seconds.</summary>
    public int Ttl { get; init; } = Protocols.DefaultTtlSeconds;

    /// <summary>The discovery wait, which Choria also adds to every direct call's agent timeout.</summary>
    public TimeSpan DiscoveryTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Discovery stops collecting this long after the last pong.</summary>
    public TimeSpan DiscoveryWindow { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// The caller of protocol v2 requests (the provisioner's client id token and its seed, choria-v2 §3.2), asked for
    /// on every request so a renewed token file takes effect; null speaks v1 only. With it, nodes are asked in the
    /// protocol they answered in, and in both until one is known.
    /// </summary>
    public Func<IRequestSigner>? CallerV2 { get; init; }

    /// <summary>The broker URL recorded as this hop in <c>seen-by</c>; absent leaves <c>seen-by</c> out.</summary>
    public string? SeenByUrl { get; init; }
}
