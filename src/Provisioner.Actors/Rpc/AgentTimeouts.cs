using Provisioner.Messages.Wire;

namespace Provisioner.Actors.Rpc;

/// <summary>The DDL timeouts of the agents the provisioner calls; a call waits discovery timeout plus this.</summary>
public static class AgentTimeouts
{
    /// <summary>The DDL timeout of <paramref name="agent"/>: 20 s for choria_provision, 2 s for rpcutil, Choria's 10 s default otherwise.</summary>
    public static TimeSpan For(string agent) => agent switch
    {
        AgentNames.Provision => TimeSpan.FromSeconds(20),
        AgentNames.RpcUtil => TimeSpan.FromSeconds(2),
        _ => TimeSpan.FromSeconds(10),
    };
}
