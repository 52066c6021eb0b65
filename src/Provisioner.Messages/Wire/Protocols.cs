namespace Provisioner.Messages.Wire;

/// <summary>The protocol strings that name each Choria v1 envelope layer.</summary>
public static class Protocols
{
    public const string Request = "choria:request:1";
    public const string SecureRequest = "choria:secure:request:1";
    public const string Transport = "choria:transport:1";
    public const string Reply = "choria:reply:1";
    public const string SecureReply = "choria:secure:reply:1";

    /// <summary>The signature and pubcert of a secure request when protocol security is off.</summary>
    public const string Insecure = "insecure";

    /// <summary>The collective every provisioning-mode node and the provisioner use.</summary>
    public const string ProvisioningCollective = "provisioning";

    /// <summary>Go's default request time to live, in seconds.</summary>
    public const int DefaultTtlSeconds = 60;
}
