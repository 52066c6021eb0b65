namespace Provisioner.Host.LiveConsole.Protocol;

/// <summary>The <c>code</c> of an <c>error</c> response: what kind of failure, so a client can choose its exit code.</summary>
public static class ConsoleErrorCodes
{
    /// <summary>The line is not a valid request (bad JSON, missing or unknown field).</summary>
    public const string BadRequest = "bad-request";

    /// <summary>A request line longer than the endpoint accepts; the connection is closed.</summary>
    public const string LineTooLong = "line-too-long";

    /// <summary>The connection ended or stalled in the middle of a request line; the connection is closed.</summary>
    public const string IncompleteLine = "incomplete-line";

    /// <summary>No complete request line within the endpoint's request-line timeout of connecting; the connection is closed.</summary>
    public const string Idle = "idle";

    /// <summary>No palette has this command.</summary>
    public const string UnknownCommand = "unknown-command";

    /// <summary>The command exists but its arguments are wrong.</summary>
    public const string Usage = "usage";

    /// <summary>The command changes the cluster and the request is neither from loopback nor validly signed.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>The command ran and failed (no answer in time, rejected, unknown node).</summary>
    public const string Failed = "failed";

    /// <summary>The endpoint cannot take this request now (too many connections, from its address or in all, or requests in flight).</summary>
    public const string Busy = "busy";

    /// <summary>True when the client, not the cluster, is at fault: <c>provisioner cmd</c> exits with 2.</summary>
    public static bool IsUsage(string? code) => code is BadRequest or UnknownCommand or Usage or LineTooLong or IncompleteLine or Idle;
}
