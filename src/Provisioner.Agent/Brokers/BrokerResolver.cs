using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Provisioner.Security.Tokens;

namespace Provisioner.Agent.Brokers;

/// <summary>
/// Finds the provisioning brokers as Choria's JWT resolver does: the token's <c>chu</c> URLs, or the SRV
/// records <c>_choria-provisioner._tcp.&lt;chsrv&gt;</c>, looked up again and again with a backoff of at most
/// 20 s until they answer or the node stops. URLs without a scheme get <c>nats://</c>.
/// </summary>
public sealed class BrokerResolver(ISrvLookup srv, TimeProvider clock, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public const string SrvService = "_choria-provisioner._tcp";

    public async Task<IReadOnlyList<string>> ResolveAsync(ProvisioningClaims token, CancellationToken cancellationToken)
    {
        var urls = token.UrlList();
        if (urls.Count > 0)
        {
            return Normalize(urls);
        }
        var name = $"{SrvService}.{token.SrvDomain}";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var targets = await srv.LookupAsync(name, cancellationToken);
                if (targets.Count > 0)
                {
                    _logger.LogInformation("Found {Count} SRV records for {Name}", targets.Count, name);
                    return [.. targets.OrderBy(t => t.Priority).ThenByDescending(t => t.Weight).Select(t => $"nats://{t.Host}:{t.Port}")];
                }
                _logger.LogWarning("No SRV records for {Name} on try {Attempt}, will keep trying", name, attempt);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning("Resolving {Name} failed on try {Attempt}, will keep trying: {Error}", name, attempt, e.Message);
            }
            await Task.Delay(Backoff.TwentySeconds(attempt), clock, cancellationToken);
        }
    }

    /// <summary>Broker addresses as NATS URLs: <c>host:port</c> becomes <c>nats://host:port</c>.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> addresses) =>
        [.. addresses.Select(a => a.Trim()).Where(a => a.Length > 0).Select(a => a.Contains("://", StringComparison.Ordinal) ? a : "nats://" + a)];
}
