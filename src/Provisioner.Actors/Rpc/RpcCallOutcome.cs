namespace Provisioner.Actors.Rpc;

/// <summary>How a direct RPC call ended.</summary>
public enum RpcCallOutcome
{
    /// <summary>The first well-formed reply has status OK.</summary>
    Ok,

    /// <summary>No well-formed reply within the timeout (Choria's "received 0 responses").</summary>
    WrongReplyCount,

    /// <summary>The first well-formed reply has a status other than OK.</summary>
    NotOk,

    /// <summary>The identity cannot be a subject token; nothing was sent.</summary>
    InvalidTarget,

    /// <summary>The request could not be handed to NATS.</summary>
    PublishFailed,
}
