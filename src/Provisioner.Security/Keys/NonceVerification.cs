namespace Provisioner.Security.Keys;

/// <summary>The outcome of checking a node's signature over a nonce: <see cref="Valid"/> or <see cref="Invalid"/> with a reason.</summary>
public abstract record NonceVerification
{
    private NonceVerification()
    {
    }

    /// <summary>The signature is an Ed25519 signature by the public key over the nonce.</summary>
    public sealed record Valid : NonceVerification;

    /// <summary>The signature does not verify, or an input is malformed; <paramref name="Reason"/> says which.</summary>
    public sealed record Invalid(string Reason) : NonceVerification;

    /// <summary>True for <see cref="Valid"/>.</summary>
    public bool IsValid => this is Valid;
}
