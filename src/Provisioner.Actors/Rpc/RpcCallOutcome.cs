namespace Provisioner.Actors.Rpc;

/// <summary>How a direct RPC call ended.</summary>
public enum RpcCallOutcome
{
    /// <summary>Exactly one valid reply, with status OK.</summary>
    Ok,

    /// <summary>No reply within the timeout, or more than one.</summary>
    WrongReplyCount,

    /// <summary>One reply whose status was not OK (or which was no RPC reply at all).</summary>
    NotOk,

    /// <summary>The identity cannot be a subject token; nothing was sent.</summary>
    InvalidTarget,

    /// <summary>The request could not be handed to NATS.</summary>
    PublishFailed,
}
