namespace Provisioner.Security.Pki;

/// <summary>A CA, CSR or certificate operation failed on bad input; the message names the input and the reason.</summary>
public sealed class PkiException(string message, Exception? inner = null) : Exception(message, inner);
