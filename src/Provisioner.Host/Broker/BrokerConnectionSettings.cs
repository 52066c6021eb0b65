using System.Text;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using Provisioner.Host.Members;

namespace Provisioner.Host.Broker;

/// <summary>
/// Where and how a member connects to its broker: the URL (<c>provisioner.nats.url</c>), the login
/// (<see cref="BrokerCredentials"/>) and the TLS client settings (<see cref="BrokerTls"/>). <see cref="Options"/> is the
/// one place that turns them into NATS.Net options; <see cref="DisplayUrl"/> is the only form of the URL that leaves
/// the connection (log lines, <c>seen-by</c>, node configuration).
/// </summary>
public sealed record BrokerConnectionSettings(string Url, BrokerCredentials Credentials, BrokerTls Tls)
{
    /// <summary>Why a URL with a user or password is refused, naming where they belong instead.</summary>
    public const string UserInfoRefusal =
        "provisioner.nats.url must not carry a user or password (it would show in logs, seen-by headers and node configuration): "
        + "set provisioner.nats.user with provisioner.nats.password-file or " + ProvisionerVariables.NatsPassword + ", or provisioner.nats.creds";

    /// <summary>The URL as the member shows it: never with user information.</summary>
    public string DisplayUrl => BrokerUrl.Display(Url);

    /// <summary>The NATS.Net options of a member connection called <paramref name="name"/>.</summary>
    public NatsOpts Options(string name, ILoggerFactory loggers) => new()
    {
        Url = Url,
        Name = name,
        AuthOpts = Credentials.AuthOpts(),
        TlsOpts = Tls.TlsOpts(),
        LoggerFactory = loggers,
    };

    /// <summary>Problems that stop a member from starting, each naming the settings.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (BrokerUrl.HasUserInfo(Url))
        {
            problems.Add(UserInfoRefusal);
        }
        problems.AddRange(Credentials.Problems());
        problems.AddRange(Tls.Problems());
        return problems;
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Url = {DisplayUrl}, Credentials = {Credentials}, Tls = {Tls}");
        return true;
    }
}
