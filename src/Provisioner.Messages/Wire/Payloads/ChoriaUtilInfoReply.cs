using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>
/// Output of <c>choria_util#info</c>, keys in the order go-choria's <c>choriautil</c> agent emits them (its struct
/// order, not the DDL's). <see cref="MiddlewareServers"/> holds <c>host:port</c> pairs; <see cref="ChoriaVersion"/>
/// reads <c>choria &lt;version&gt;</c>.
/// </summary>
public sealed record ChoriaUtilInfoReply(
    [property: JsonPropertyName("security")] string Security,
    [property: JsonPropertyName("connector")] string Connector,
    [property: JsonPropertyName("client_version")] string ClientVersion,
    [property: JsonPropertyName("client_flavour")] string ClientFlavour,
    [property: JsonPropertyName("client_options")] ChoriaUtilClientOptions ClientOptions,
    [property: JsonPropertyName("client_stats")] ChoriaUtilClientStats ClientStats,
    [property: JsonPropertyName("connected_server")] string ConnectedServer,
    [property: JsonPropertyName("facter_domain")] string FacterDomain,
    [property: JsonPropertyName("facter_command")] string FacterCommand,
    [property: JsonPropertyName("srv_domain")] string SrvDomain,
    [property: JsonPropertyName("using_srv")] bool UsingSrv,
    [property: JsonPropertyName("middleware_servers")] IReadOnlyList<string> MiddlewareServers,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("choria_version")] string ChoriaVersion,
    [property: JsonPropertyName("secure_protocol")] bool SecureProtocol,
    [property: JsonPropertyName("connector_tls")] bool ConnectorTls);
