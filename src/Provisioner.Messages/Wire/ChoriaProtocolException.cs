namespace Provisioner.Messages.Wire;

/// <summary>
/// A Choria message that cannot be accepted: malformed JSON, a wrong protocol string, a missing or
/// mistyped field, bad base64, an oversized or expired message, or a reply whose hash does not match.
/// The message names the layer, the field and the reason, and is safe to show to an operator.
/// </summary>
public sealed class ChoriaProtocolException : Exception
{
    public ChoriaProtocolException(string message)
        : base(message)
    {
    }

    public ChoriaProtocolException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
