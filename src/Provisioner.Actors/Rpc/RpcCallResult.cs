using Provisioner.Messages.Wire;

namespace Provisioner.Actors.Rpc;

/// <summary>
/// What a direct RPC call to one node produced. <see cref="Error"/> holds Choria's wording for a failure
/// (<c>received N responses while expecting a response from X</c>, <c>invalid response from X: msg (code)</c>).
/// <see cref="DroppedReplies"/> says why replies that could not be used (bad hash, malformed, wrong request id,
/// wrong sender) were ignored. <see cref="Reply"/> says which protocol the node answered in.
/// </summary>
public sealed record RpcCallResult(
    RpcCallOutcome Outcome,
    string Identity,
    string Agent,
    string Action,
    RpcReply? Reply,
    int ReplyCount,
    string? Error,
    IReadOnlyList<string> DroppedReplies)
{
    public bool IsOk => Outcome == RpcCallOutcome.Ok;

    /// <summary>The body of the reply the call took, if any.</summary>
    public RpcReplyBody? Body => Reply?.Body;

    /// <summary>The name Choria's metrics use for the call, e.g. <c>choria_provision#gen25519</c>.</summary>
    public string RpcName => $"{Agent}#{Action}";

    /// <summary>The reply data of a successful call as a typed payload; a mismatch throws a <see cref="ChoriaProtocolException"/>.</summary>
    public T Read<T>() => IsOk && Body is { } body
        ? RpcData.Read<T>(body.Data, RpcName)
        : throw new InvalidOperationException($"{RpcName} to {Identity} did not succeed: {Error}");
}
