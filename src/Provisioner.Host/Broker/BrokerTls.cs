using NATS.Client.Core;

namespace Provisioner.Host.Broker;

/// <summary>
/// <c>provisioner.nats.tls { ca, cert, key }</c>: the CA that verifies the broker, and the member's client
/// certificate and key for a broker that asks for one. All empty: TLS only if the broker or a <c>tls://</c> URL asks.
/// </summary>
public sealed record BrokerTls(string Ca = "", string Cert = "", string Key = "")
{
    public static BrokerTls None { get; } = new();

    private bool Configured => Ca.Length > 0 || Cert.Length > 0 || Key.Length > 0;

    /// <summary>What NATS.Net uses: with any file set, TLS is required rather than opportunistic.</summary>
    public NatsTlsOpts TlsOpts() => !Configured ? NatsTlsOpts.Default : new NatsTlsOpts
    {
        Mode = TlsMode.Require,
        CaFile = Ca.Length > 0 ? Ca : null,
        CertFile = Cert.Length > 0 ? Cert : null,
        KeyFile = Key.Length > 0 ? Key : null,
    };

    /// <summary>Problems that stop a member from starting, each naming the setting.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if ((Cert.Length > 0) != (Key.Length > 0))
        {
            problems.Add("provisioner.nats.tls.cert and provisioner.nats.tls.key go together: set both or neither");
        }
        foreach (var (setting, path) in new[] { ("ca", Ca), ("cert", Cert), ("key", Key) })
        {
            if (path.Length > 0 && !File.Exists(path))
            {
                problems.Add($"provisioner.nats.tls.{setting}: {path} does not exist");
            }
        }
        return problems;
    }
}
