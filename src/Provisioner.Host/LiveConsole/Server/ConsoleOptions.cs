using Provisioner.Host.LiveConsole.Protocol;

namespace Provisioner.Host.LiveConsole.Server;

/// <summary>Where the console endpoint listens and who may change the cluster through it.</summary>
public sealed record ConsoleOptions
{
    /// <summary>The address to bind: an IP address or a host name. Anything but loopback needs <see cref="AuthorizedKeysFile"/>.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>The TCP port; 0 lets the system choose (the chosen one is logged and written to <see cref="EndpointFile"/>).</summary>
    public int Port { get; init; } = ConsoleAddress.DefaultPort;

    /// <summary>Ed25519 public keys (hex, one per line, # comments) allowed to sign commands that change the cluster.</summary>
    public string? AuthorizedKeysFile { get; init; }

    /// <summary>
    /// The AAA login key (a file with an RSA public key or certificate PEM or a hex Ed25519 key, or the hex key): when
    /// set, a login JWT it signed may stand in for an authorized key (<see cref="ConsoleLoginTokens"/>).
    /// </summary>
    public string? LoginVerifyKey { get; init; }

    /// <summary>The furthest off a login token's expiry may be (the AAA signer's <c>max_validity</c>).</summary>
    public TimeSpan LoginMaxValidity { get; init; } = TimeSpan.FromHours(2);

    /// <summary>When set, the bound <c>host:port</c> is written here at start (and the file removed at stop).</summary>
    public string? EndpointFile { get; init; }

    /// <summary>
    /// Loopback connections may change the cluster unsigned: whoever can reach loopback already runs on the box.
    /// Turn off to require signatures from everyone.
    /// </summary>
    public bool TrustLoopback { get; init; } = true;

    /// <summary>The longest <see cref="SignatureWindow"/> allowed: a captured request stays usable for no longer.</summary>
    public static readonly TimeSpan MaxSignatureWindow = TimeSpan.FromSeconds(30);

    /// <summary>How far a signed request's timestamp may be from now, either way (at most <see cref="MaxSignatureWindow"/>); its nonce is remembered that long.</summary>
    public TimeSpan SignatureWindow { get; init; } = MaxSignatureWindow;

    /// <summary>The longest request line accepted; a longer one gets an error and the connection is closed.</summary>
    public int MaxRequestBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// How long a connection may take to send its first complete request line, and any later line once its first
    /// byte arrived, before it is closed: a connection that only holds a slot is let go.
    /// </summary>
    public TimeSpan RequestLineTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the endpoint waits for an actor's answer (a node, the leader, sharding).</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Connections open at once from addresses other than loopback, all together.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>Connections open at once from one source address, so one address cannot crowd out the others.</summary>
    public int MaxConnectionsPerAddress { get; init; } = 8;

    /// <summary>Requests one connection may have running at once (streams included).</summary>
    public int MaxRequestsPerConnection { get; init; } = 8;
}
