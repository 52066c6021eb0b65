using System.Text.Json;
using Provisioner.Messages.Wire;

namespace Provisioner.Aaa.Client;

/// <summary>The <c>choria:request:1</c> text a client asks the signer to sign, as the Go client builds it.</summary>
public static class ClientRequests
{
    /// <summary>A request for <paramref name="agent"/>#<paramref name="action"/> with <paramref name="data"/>, created now on <paramref name="clock"/>.</summary>
    public static string Build(string agent, string action, JsonElement data, string callerId, string senderId, string collective, TimeProvider clock, int ttl = Protocols.DefaultTtlSeconds)
    {
        var body = ChoriaJson.Serialize(new RpcRequestBody(agent, action, RpcData.OrEmpty(data)));
        var envelope = new RequestEnvelope(RequestIds.New(), senderId, callerId, collective, agent, ttl, clock.GetUtcNow().ToUnixTimeSeconds(), RequestFilter.ForAgents(agent));
        return ChoriaJson.Serialize(new ChoriaRequest(Protocols.Request, body, envelope));
    }
}
