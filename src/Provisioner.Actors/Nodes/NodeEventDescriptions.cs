using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Nodes;

/// <summary>One-line, secret-free descriptions of node events for <c>node history</c> and logs.</summary>
public static class NodeEventDescriptions
{
    public static string Describe(INodeEvent e) => e switch
    {
        NodeEvents.AttemptStarted s => $"AttemptStarted trigger={s.Trigger}",
        NodeEvents.AttemptAccepted a => $"AttemptAccepted trigger={a.Trigger} started={a.StartedAt:yyyy-MM-ddTHH:mm:ss.fffZ}" + (a.Renews is { } renews ? " " + renews.Describe(a.At) : ""),
        NodeEvents.CredentialsIssued c => $"CredentialsIssued serial={c.Certificate.CertificateSerial}{(c.Certificate.EncryptedKey is null ? "" : " key=wrapped")}"
            + (c.ServerJwt is { } j ? $" jti={j.Jti} exp={j.ExpiresAt:yyyy-MM-ddTHH:mm:ssZ}{(j.NatsCredentials is null ? "" : " nats=issued")}" : ""),
        NodeEvents.TokenChecked => "TokenChecked provisioning token verified",
        NodeEvents.KeyProven k => $"KeyProven ed25519={Short(k.PublicKey)} nonce={k.Nonce}",
        NodeEvents.Inventoried i => $"Inventoried version={i.Version}",
        NodeEvents.CsrAccepted c => $"CsrAccepted ssldir={c.SslDir}",
        NodeEvents.Signed s => $"Signed serial={s.CertificateSerial}{(s.EncryptedKey is null ? "" : " key=wrapped")}",
        NodeEvents.JwtIssued j => $"JwtIssued jti={j.Jti} exp={j.ExpiresAt:yyyy-MM-ddTHH:mm:ssZ}",
        NodeEvents.Configured c => $"Configured {c.Message}",
        NodeEvents.Provisioned p => (p.RestartConfirmed ? $"Provisioned by {p.Member}" : $"Provisioned by {p.Member} (restart unconfirmed: the node had already left provisioning mode)")
            + (p.Upgrade is { } note ? $"; {note}" : ""),
        NodeEvents.UpgradeChecked u => $"UpgradeChecked {u.Note}",
        NodeEvents.Upgraded u => $"Upgraded {u.FromVersion}->{u.ToVersion}: {u.Message}",
        NodeEvents.ShutdownRequested r => $"ShutdownRequested {r.Reason}",
        NodeEvents.ShutDown => "ShutDown",
        NodeEvents.StepRetried r => $"StepRetried step={r.Step} try={r.Try}: {r.Error}",
        NodeEvents.AttemptFailed f => $"AttemptFailed step={f.Step}: {f.Reason}{Retried(f.Retries)}",
        NodeEvents.AttemptDeferred d => $"AttemptDeferred: {d.Reason}{Retried(d.Retries)}",
        _ => e.GetType().Name,
    };

    private static string Retried(IReadOnlyList<StepRetry>? retries) =>
        retries is null or { Count: 0 } ? "" : "; after " + string.Join("; ", retries.Select(r => $"{r.Step} try {r.Try} failed: {r.Error}"));

    private static string Short(string hex) => hex.Length > 16 ? hex[..16] + "…" : hex;
}
