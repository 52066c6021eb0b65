namespace Provisioner.Security.KeyWrap;

/// <summary>A key could not be wrapped or unwrapped; the message names the input and the reason, and never holds key material.</summary>
public sealed class KeyWrapException(string message, Exception? inner = null) : Exception(message, inner);
