using System.Text;
using NATS.Client.Core;
using Provisioner.Host.Members;

namespace Provisioner.Host.Broker;

/// <summary>
/// How a member logs in to its broker: a NATS credentials file (<c>provisioner.nats.creds</c>), or a user and a
/// password (<c>provisioner.nats.user</c> with <c>provisioner.nats.password-file</c> or <c>PROVISIONER_NATS_PASSWORD</c>),
/// or nothing. Printing it never shows the password.
/// </summary>
public sealed record BrokerCredentials
{
    /// <summary>No authentication.</summary>
    public static BrokerCredentials None { get; } = new();

    /// <summary>A NATS credentials file (JWT and seed); empty when not used.</summary>
    public string CredsFile { get; init; } = "";

    /// <summary>The broker user; empty when not used.</summary>
    public string User { get; init; } = "";

    /// <summary>The file the password was read from; empty when it came from elsewhere or there is none.</summary>
    public string PasswordFile { get; init; } = "";

    /// <summary>The broker password; empty when not used.</summary>
    public string Password { get; init; } = "";

    /// <summary>A user and a password from wherever the caller read them, as Choria's <c>broker_provisioning_password</c> for user <c>provisioner</c>.</summary>
    public static BrokerCredentials UserPassword(string user, string password) => new() { User = user, Password = password };

    /// <summary>What NATS.Net sends when the member connects.</summary>
    public NatsAuthOpts AuthOpts() =>
        !string.IsNullOrEmpty(CredsFile) ? new NatsAuthOpts { CredsFile = CredsFile }
        : !string.IsNullOrEmpty(User) ? new NatsAuthOpts { Username = User, Password = Password }
        : NatsAuthOpts.Default;

    /// <summary>Problems that stop a member from starting, each naming the settings.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var hasPassword = !string.IsNullOrEmpty(Password);
        if (!string.IsNullOrEmpty(CredsFile) && (!string.IsNullOrEmpty(User) || hasPassword))
        {
            problems.Add("provisioner.nats.creds and provisioner.nats.user/password are two ways to log in: set one of them");
        }
        else if (!string.IsNullOrEmpty(User) && !hasPassword)
        {
            problems.Add($"provisioner.nats.user needs a password: set provisioner.nats.password-file or {ProvisionerVariables.NatsPassword}");
        }
        else if (string.IsNullOrEmpty(User) && hasPassword)
        {
            problems.Add($"provisioner.nats.password-file or {ProvisionerVariables.NatsPassword} needs provisioner.nats.user");
        }
        return problems;
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"CredsFile = {CredsFile}, User = {User}, PasswordFile = {PasswordFile}, Password = {(Password.Length > 0 ? "*****" : "")}");
        return true;
    }
}
