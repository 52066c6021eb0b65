using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using Provisioner.Agent.Actions;
using Provisioner.Agent.Boot;
using Provisioner.Agent.Brokers;
using Provisioner.Agent.Config;
using Provisioner.Agent.Renewal;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;

namespace Provisioner.Agent.Runtime;

/// <summary>
/// A real node agent: boots from its configuration directory (<see cref="NodeBoot"/>), connects to the broker
/// for its mode, subscribes, announces <c>startup</c>, serves requests through a <see cref="NodeRuntime"/>
/// and carries out restarts and shutdowns. Choria re-execs its process on <c>restart</c>; this agent instead
/// re-initialises in-process (fresh boot decision, new connection, new runtime), which a .NET process can do
/// without losing its command line or service supervision.
/// </summary>
public sealed class NodeAgent(NodeAgentOptions options, ILoggerFactory? loggers = null)
{
    private readonly ILogger _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger<NodeAgent>();
    private readonly NodePaths _paths = new(options.ConfigDirectory, options.TokenFile);
    private volatile NodeBootState? _boot;

    /// <summary>What the agent decided at its latest boot, null before the first.</summary>
    public NodeBootState? CurrentBoot => _boot;

    /// <summary>Raised after every boot decision, before connecting.</summary>
    public event Action<NodeBootState>? Booted;

    /// <summary>Runs until a <c>shutdown</c> action (exit code 0), cancellation (0) or a boot that cannot proceed (1).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            NodeBootState boot;
            try
            {
                boot = NodeBoot.Decide(options.Files, _paths, options.Identity, options.Clock);
            }
            catch (NodeBootException e)
            {
                _logger.LogError("Cannot start: {Reason}", e.Message);
                return 1;
            }
            _boot = boot;
            foreach (var deleted in boot.Deleted)
            {
                _logger.LogWarning("Removed {File} before provisioning", deleted);
            }
            _logger.LogInformation("Starting {Identity} in {Mode} mode: {Reason}", boot.Identity, boot.Mode, boot.Reason);
            Booted?.Invoke(boot);

            NodeEffect? effect;
            try
            {
                effect = await RunBootAsync(boot, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
            catch (NodeBootException e)
            {
                _logger.LogError("Cannot start: {Reason}", e.Message);
                return 1;
            }
            if (effect is NodeEffect.Shutdown)
            {
                _logger.LogWarning("Shut down by request");
                return 0;
            }
            if (effect is NodeEffect.Upgrade upgrade)
            {
                // In-process the old code would keep running under the new version's name: only a new process will do.
                _logger.LogWarning("Starting release {Version}", upgrade.Version);
                var problem = options.Relaunch?.Invoke() ?? "no relaunch configured";
                _logger.LogError("Could not start release {Version} in place ({Problem}); exiting so the supervisor starts it", upgrade.Version, problem);
                return 1;
            }
            _logger.LogWarning("Restarting");
        }
        return 0;
    }

    // One life of the node, from connecting to the effect that ends it (null when cancelled).
    private async Task<NodeEffect?> RunBootAsync(NodeBootState boot, CancellationToken cancellationToken)
    {
        var context = new NodeContext
        {
            Files = options.Files,
            Paths = _paths,
            Boot = boot,
            CsrKeyAlgorithm = options.CsrKeyAlgorithm,
            Clock = options.Clock,
            EffectDelay = options.EffectDelay,
            Version = options.Version,
            Releases = options.Releases,
        };
        using var runtime = new NodeRuntime(context);
        var (natsOptions, srvDomain) = await ConnectionOptionsAsync(boot, runtime, cancellationToken);
        var (connected, link) = await ConnectAsync(natsOptions, srvDomain, cancellationToken);
        await using var connection = connected;
        _logger.LogInformation("Connected to {Url} as {Identity}", link.ConnectedServer, boot.Identity);

        using var life = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var effects = Channel.CreateUnbounded<NodeEffect>();
        var loops = new List<Task>();
        foreach (var subject in runtime.Subscriptions)
        {
            var subscription = await connection.SubscribeCoreAsync<byte[]>(subject, cancellationToken: cancellationToken);
            loops.Add(NodeRequestLoop.ServeAsync(link, subscription, () => runtime, Hooks(effects.Writer), _logger, life.Token));
        }
        await connection.PingAsync(cancellationToken);
        await PublishEventAsync(connection, runtime.NewEvent(LifecycleEventType.Startup), cancellationToken);
        _logger.LogInformation("Announced startup of {Identity} as {Component}", boot.Identity, runtime.Component);
        loops.Add(AliveAnnouncer.RunAsync(
            () => runtime.NewEvent(LifecycleEventType.Alive),
            connection.PublishLifecycleAsync,
            AliveSchedule.Of(options.AliveInterval, options.AliveFirstDelay),
            options.Clock,
            _logger,
            life.Token));
        if (boot.Mode == NodeMode.Provisioned && boot.Token is not null && options.Renewal is { } renewal)
        {
            loops.Add(RenewWhenDueAsync(boot, renewal, effects.Writer, life.Token));
        }
        if (boot.Mode == NodeMode.Provisioning && !string.IsNullOrEmpty(boot.Token?.RegistrationDataFile))
        {
            loops.Add(PublishRegistrationAsync(connection, boot.Token.RegistrationDataFile, life.Token));
        }

        try
        {
            var effect = await effects.Reader.ReadAsync(cancellationToken);
            if (effect is NodeEffect.Restart or NodeEffect.Upgrade)
            {
                await PublishEventAsync(connection, runtime.NewEvent(LifecycleEventType.Shutdown), cancellationToken);
            }
            _logger.LogWarning("{Effect} after {Delay}", effect is NodeEffect.Shutdown ? "Shutting down" : "Restarting", effect.Delay);
            await Task.Delay(effect.Delay, options.Clock, cancellationToken);
            if (effect is NodeEffect.Shutdown)
            {
                await PublishEventAsync(connection, runtime.NewEvent(LifecycleEventType.Shutdown), cancellationToken);
            }
            return effect;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await PublishEventAsync(connection, runtime.NewEvent(LifecycleEventType.Shutdown), CancellationToken.None, bestEffort: true);
            throw;
        }
        finally
        {
            await life.CancelAsync();
            await Task.WhenAll(loops.Select(l => l.ContinueWith(_ => { }, TaskScheduler.Default)));
            // Disposing drops what is still buffered, so the last shutdown event could be lost.
            await connection.FlushQuietlyAsync(_logger);
        }
    }

    // The options and, when the brokers came from SRV records, the domain looked up (choria_util#info reports it).
    private async Task<(NatsOpts Options, string? SrvDomain)> ConnectionOptionsAsync(NodeBootState boot, NodeRuntime runtime, CancellationToken cancellationToken)
    {
        var resolver = new BrokerResolver(options.SrvLookup, options.Clock, _logger);
        static string? SrvDomainOf(Provisioner.Security.Tokens.ProvisioningClaims token) => token.UrlList().Count > 0 ? null : token.SrvDomain;
        if (boot.Mode == NodeMode.Provisioning)
        {
            var token = boot.Token ?? throw new NodeBootException("provisioning mode without a provisioning token");
            var tokenText = boot.TokenText ?? throw new NodeBootException("provisioning mode without a provisioning token");
            return (NodeConnectionOptions.Provisioning(await resolver.ResolveAsync(token, cancellationToken), tokenText, token, boot.Identity), SrvDomainOf(token));
        }
        var hosts = boot.Config.GetList(ServerConfigKeys.MiddlewareHosts);
        IReadOnlyList<string> urls = hosts.Count > 0 ? BrokerResolver.Normalize(hosts)
            : boot.Token is { } provisioning ? await resolver.ResolveAsync(provisioning, cancellationToken)
            : throw new NodeBootException($"no brokers: set {ServerConfigKeys.MiddlewareHosts} in {_paths.ConfigFile}");
        var srvDomain = hosts.Count == 0 && boot.Token is { } fallback ? SrvDomainOf(fallback) : null;
        var natsJwt = options.Files.ReadText(_paths.NatsJwtFile);
        var seed = options.Files.ReadText(_paths.SeedFile);
        var caFile = Path.Combine(_paths.SslDirectory(boot.Config), "ca.pem");
        _logger.LogInformation("Connecting provisioned with {Credentials}", natsJwt is null ? "no NATS credentials" : "the issued NATS JWT and the node's seed");
        return (NodeConnectionOptions.Provisioned(urls, boot.Identity, runtime.MainCollective, natsJwt, seed,
            options.Files.FileExists(caFile) ? caFile : null), srvDomain);
    }

    private async Task<(NatsConnection Connection, BrokerLink Link)> ConnectAsync(NatsOpts natsOptions, string? srvDomain, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var connection = new NatsConnection(natsOptions);
            var link = new BrokerLink(connection, srvDomain);
            try
            {
                await connection.ConnectAsync();
                return (connection, link);
            }
            catch (Exception e) when (e is NatsException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await connection.DisposeAsync();
                var wait = Backoff.TwentySeconds(attempt);
                _logger.LogWarning("Could not connect to {Url} (try {Attempt}): {Error}; retrying in {Wait}", natsOptions.Url, attempt, e.Message, wait);
                await Task.Delay(wait, options.Clock, cancellationToken);
            }
        }
    }

    // The agent answers everything and carries out the effect an answer sets off (a restart or shutdown).
    private NodeRequestHooks Hooks(ChannelWriter<NodeEffect> effects) => new(
        (_, _) => ValueTask.FromResult(true),
        (_, response, _) =>
        {
            _logger.LogInformation("Answered {Agent}#{Action}: {Status} {Message}", response.Agent, response.Action, response.Status, response.StatusMessage);
            if (response.Effect is { } effect)
            {
                effects.TryWrite(effect);
            }
            return ValueTask.CompletedTask;
        });

    // Sleeps until the first credential reaches its renewal share, then writes the reprovision configuration and
    // restarts: the next boot provisions with the same identity, as a new node would.
    private async Task RenewWhenDueAsync(NodeBootState boot, RenewalPolicy policy, ChannelWriter<NodeEffect> effects, CancellationToken cancellationToken)
    {
        var due = RenewalSchedule.Due(CredentialLifetimes.Read(options.Files, _paths, boot.Config), policy, Random.Shared.NextDouble());
        if (due is null)
        {
            return;
        }
        _logger.LogInformation("Credentials renew at {At:u}, when {Credential} reaches {Share:P0} of its lifetime", due.At, due.Credential.Name, due.ShareOfLifetime);
        try
        {
            // Task.Delay takes at most about 49 days: a year-long credential waits in steps.
            for (var left = due.At - options.Clock.GetUtcNow(); left > TimeSpan.Zero; left = due.At - options.Clock.GetUtcNow())
            {
                await Task.Delay(left < TimeSpan.FromDays(1) ? left : TimeSpan.FromDays(1), options.Clock, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        try
        {
            RenewalReentry.Write(options.Files, _paths, boot.Config, due, options.Clock);
        }
        catch (ServerConfigException e)
        {
            _logger.LogError("Could not go back to provisioning to renew {Credential}: {Error}", due.Credential.Name, e.Message);
            return;
        }
        _logger.LogWarning("Renewing credentials: {Credential} reached {Share:P0} of its lifetime", due.Credential.Name, due.ShareOfLifetime);
        effects.TryWrite(new NodeEffect.Restart(TimeSpan.Zero));
    }

    private async Task PublishRegistrationAsync(NatsConnection connection, string file, CancellationToken cancellationToken)
    {
        long? previous = null;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(Random.Shared.Next(1, 5)), options.Clock, cancellationToken);
            while (true)
            {
                var text = options.Files.ReadText(file);
                if (string.IsNullOrEmpty(text))
                {
                    _logger.LogWarning("Registration data file {File} is missing or empty", file);
                }
                else
                {
                    var mtime = File.Exists(file) ? new DateTimeOffset(File.GetLastWriteTimeUtc(file)).ToUnixTimeSeconds() : options.Clock.GetUtcNow().ToUnixTimeSeconds();
                    var message = new RegistrationMessage(mtime, file, previous is { } before && mtime > before, RegistrationMessage.ProtocolName, System.Text.Encoding.UTF8.GetBytes(text));
                    previous = mtime;
                    await connection.PublishAsync(Subjects.RegistrationData, JsonSerializer.SerializeToUtf8Bytes(message, AgentJsonContext.Default.RegistrationMessage), cancellationToken: cancellationToken);
                }
                await Task.Delay(options.RegistrationInterval, options.Clock, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task PublishEventAsync(NatsConnection connection, LifecycleEvent lifecycleEvent, CancellationToken cancellationToken, bool bestEffort = false)
    {
        try
        {
            await connection.PublishLifecycleAsync(lifecycleEvent, cancellationToken);
        }
        catch (Exception e) when (bestEffort && e is NatsException or OperationCanceledException or ObjectDisposedException)
        {
            _logger.LogDebug("Could not publish {Type} event: {Error}", lifecycleEvent.TypeName, e.Message);
        }
    }
}
