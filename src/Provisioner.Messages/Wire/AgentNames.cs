namespace Provisioner.Messages.Wire;

/// <summary>The Choria agents the provisioning protocol talks to.</summary>
public static class AgentNames
{
    public const string Provision = "choria_provision";
    public const string RpcUtil = "rpcutil";
    public const string Discovery = "discovery";
    public const string ChoriaUtil = "choria_util";
    public const string Registration = "registration";

    /// <summary>The AAA signing service agent (Choria AAA 0.6+).</summary>
    public const string AaaSigner = "aaa_signer";
}
