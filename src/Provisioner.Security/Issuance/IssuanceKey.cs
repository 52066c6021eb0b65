namespace Provisioner.Security.Issuance;

/// <summary>
/// What one issuance is bound to: a node's attempt, and the persisted time it is anchored to. Everything issued
/// for the same key is the same credential (serial, <c>jti</c>, validity), so signing again after a crash that lost
/// the first result issues nothing new.
/// </summary>
/// <param name="Identity">The node's identity.</param>
/// <param name="Attempt">The node's attempt number, as its journal holds it.</param>
/// <param name="IssuedAt">A time already in the journal (e.g. when the CSR was accepted), never the clock's now.</param>
public sealed record IssuanceKey(string Identity, int Attempt, DateTimeOffset IssuedAt)
{
    /// <summary>The identity and attempt as bytes for deriving ids: length-prefixed, so no two keys share an encoding.</summary>
    public byte[] ToBytes(string purpose)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(purpose);
        writer.Write(Identity);
        writer.Write(Attempt);
        writer.Write(IssuedAt.ToUnixTimeSeconds());
        writer.Flush();
        return stream.ToArray();
    }
}
