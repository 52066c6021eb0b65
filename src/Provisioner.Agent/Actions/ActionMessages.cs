namespace Provisioner.Agent.Actions;

/// <summary>The status messages of Choria's provisioning agent, word for word (spec §2), so provisioners and operators see the same text.</summary>
public static class ActionMessages
{
    public const string Locked = "Could not obtain provisioning lock";
    public const string IncorrectToken = "Incorrect provision token supplied";
    public const string NotInProvisioningMode = "Cannot reconfigure a server that is not in provisioning mode";
    public const string EmptyConfiguration = "Did not receive any configuration to write, cannot write a empty configuration file";
    public const string KeyWithoutEcdh = "EDCH Public Key not supplied while providing a private key";
    public const string TokenFileMissing = "Provisioning JWT file does not exist";
    public const string RestartWithoutToken = "Cannot restart a server that is not in provisioning mode or with no token set";
    public const string ShutdownWithoutToken = "Cannot shutdown a server that is not in provisioning mode or with no token set";
    public const string AlreadyProvisioning = "Server is already in provisioning mode, cannot enable provisioning mode again";

    public const string UpdateNotInProvisioningMode = "Cannot update a server that is not in provisioning mode";
    public const string UpdatesNotEnabled = "Version updates is not enabled in the configuration";

    public static string UpdateRolledBack(string version, string error) => $"Update to version {version} failed, release rolled back: {error}";

    public static string UpdateBroken(string version, string error) => $"Update to version {version} failed, rollback also failed, server in broken state: {error}";

    public static string UnknownAction(string action, string agent) => $"Unknown action {action} for agent {agent}";

    public static string UnknownAgent(string agent) => $"Unknown agent {agent}";

    public static string EnablesProvisioning(string configFile) => $"Configuration {configFile} enables provisioning, restart cannot continue";

    public static string ConfigurationUnparsable(string configFile, string reason) =>
        $"Configuration {configFile} could not be parsed, restart cannot continue: {reason}";
}
