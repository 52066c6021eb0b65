namespace Provisioner.Security.Tokens;

/// <summary>The <c>purpose</c> claim values that tell Choria token kinds apart.</summary>
public static class TokenPurpose
{
    public const string Provisioning = "choria_provisioning";
    public const string Server = "choria_server";
    public const string ClientId = "choria_client_id";
}
