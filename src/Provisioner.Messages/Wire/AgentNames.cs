namespace Provisioner.Messages.Wire;

/// <summary>The Choria agents the provisioning protocol talks to.</summary>
public static class AgentNames
{
    public const string Provision = "choria_provision";
    public const string RpcUtil = "rpcutil";
    public const string Discovery = "discovery";
    public const string ChoriaUtil = "choria_util";
    public const string Registration = "registration";
}
