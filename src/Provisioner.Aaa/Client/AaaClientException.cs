namespace Provisioner.Aaa.Client;

/// <summary>A login or remote signing that did not give the client what it asked for; the message is Choria's wording.</summary>
public sealed class AaaClientException(string message) : Exception(message);
