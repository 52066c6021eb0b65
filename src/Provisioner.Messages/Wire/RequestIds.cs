namespace Provisioner.Messages.Wire;

/// <summary>Fresh Choria request ids: a random UUIDv4 as 32 lowercase hex characters, no dashes.</summary>
public static class RequestIds
{
    /// <summary>A new request id.</summary>
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>Whether <paramref name="requestId"/> has the 32 characters the request schema demands.</summary>
    public static bool IsWellFormed(string? requestId) => requestId is { Length: 32 };
}
