using Provisioner.Agent.Brokers;
using Provisioner.Agent.Renewal;
using Provisioner.Agent.Runtime;
using Provisioner.Security.Pki;

namespace Provisioner.Agent.Fleet;

/// <summary>How to run a simulated fleet (<c>provisioner fleet</c>).</summary>
public sealed record FleetOptions
{
    /// <summary>How many virtual nodes.</summary>
    public required int Nodes { get; init; }

    /// <summary>The provisioning token text every node holds (brokers, agent token, broker credentials).</summary>
    public required string Token { get; init; }

    /// <summary>Brokers to use instead of the token's <c>chu</c> or <c>chsrv</c>.</summary>
    public IReadOnlyList<string>? BrokerUrls { get; init; }

    /// <summary>How many nodes may be on their way (announced, not yet provisioned or failed) at once.</summary>
    public int Concurrency { get; init; } = 100;

    /// <summary>Nodes not provisioned by then count as failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    public FleetFaults Faults { get; init; } = FleetFaults.None;

    /// <summary>ECDSA P-256 by default: an RSA-2048 key costs about 170 ms, too much for thousands of nodes.</summary>
    public PkiKeyAlgorithm CsrKeyAlgorithm { get; init; } = PkiKeyAlgorithm.EcdsaP256;

    /// <summary>Nodes are named <c>&lt;prefix&gt;&lt;zero-padded number&gt;.&lt;Domain&gt;</c>.</summary>
    public string IdentityPrefix { get; init; } = "node";

    public string Domain { get; init; } = "fleet.example.net";

    /// <summary>How many NATS connections the nodes share.</summary>
    public int Connections { get; init; } = 4;

    /// <summary>Replaces Choria's random restart and shutdown delays (random(splay)+2 s, 0–9 s).</summary>
    public TimeSpan? RestartDelay { get; init; }

    /// <summary>How long a node with the <see cref="FleetFault.Slow"/> fault holds each reply.</summary>
    public TimeSpan SlowReplyDelay { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How often each node in provisioning mode publishes its <c>alive</c> lifecycle event (Choria: 30 minutes).</summary>
    public TimeSpan AliveInterval { get; init; } = AliveSchedule.ChoriaInterval;

    /// <summary>When a node's first <c>alive</c> event goes out after its first <c>startup</c>; null draws it per node as Choria does.</summary>
    public TimeSpan? AliveFirstDelay { get; init; }

    /// <summary>The version nodes report until a <c>release_update</c> moves them to another.</summary>
    public string NodeVersion { get; init; } = AgentVersion.Current;

    /// <summary>When provisioned nodes renew their credentials; null: a node finishes once provisioned.</summary>
    public RenewalPolicy? Renewal { get; init; }

    /// <summary>How many renewals each node goes through before it finishes (with <see cref="Renewal"/> set).</summary>
    public int Renewals { get; init; }
    /// <summary>Which protocol the nodes speak; by default the token's <c>v2</c> claim decides.</summary>
    public FleetProtocol Protocol { get; init; } = FleetProtocol.Token;

    /// <summary>Seeds the fault draw, so a run can be repeated.</summary>
    public int? RandomSeed { get; init; }

    public ISrvLookup SrvLookup { get; init; } = new DnsSrvLookup();
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>What node <paramref name="number"/> (from 1) speaks instead of its token's claim; null follows the token.</summary>
    public bool? ProtocolV2Of(int number) => Protocol switch
    {
        FleetProtocol.V1 => false,
        FleetProtocol.V2 => true,
        FleetProtocol.Mixed => number % 2 == 0,
        _ => null,
    };
}
