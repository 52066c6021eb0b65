namespace Provisioner.Agent.Fleet;

/// <summary>The outcome of a fleet run; <see cref="Failed"/> counts every node not provisioned (timed out or shut down).</summary>
public sealed record FleetResult(int Total, int Provisioned, TimeSpan Elapsed, IReadOnlyList<FleetNodeResult> Nodes)
{
    public int Failed => Total - Provisioned;

    public bool AllProvisioned => Provisioned == Total;

    /// <summary>The nodes that spoke protocol v1 in provisioning mode.</summary>
    public FleetProtocolCount ProtocolV1 => CountSpeaking(protocolV2: false);

    /// <summary>The nodes that spoke protocol v2 in provisioning mode.</summary>
    public FleetProtocolCount ProtocolV2 => CountSpeaking(protocolV2: true);

    /// <summary>The final machine-readable line: <c>fleet nodes=N provisioned=P failed=F elapsed_s=S</c>.</summary>
    public string SummaryLine => $"fleet nodes={Total} provisioned={Provisioned} failed={Failed} elapsed_s={Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}";

    private FleetProtocolCount CountSpeaking(bool protocolV2)
    {
        var nodes = Nodes.Where(n => n.SpeaksProtocolV2 == protocolV2).ToList();
        return new FleetProtocolCount(nodes.Count, nodes.Count(n => n.State == FleetNodeState.Provisioned));
    }
}
