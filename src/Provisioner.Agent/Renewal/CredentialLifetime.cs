namespace Provisioner.Agent.Renewal;

/// <summary>One credential a provisioned node holds (its file name) and when it was issued and expires.</summary>
public sealed record CredentialLifetime(string Name, DateTimeOffset Issued, DateTimeOffset Expires)
{
    public TimeSpan Lifetime => Expires - Issued;
}
