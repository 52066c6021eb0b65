using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using Provisioner.Agent.Actions;
using Provisioner.Agent.Boot;
using Provisioner.Agent.Brokers;
using Provisioner.Agent.Config;
using Provisioner.Agent.Renewal;
using Provisioner.Agent.Runtime;
using Provisioner.Agent.Upgrades;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Nodes;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.V2;
using Provisioner.Security.Tokens;

namespace Provisioner.Agent.Fleet;

/// <summary>
/// Thousands of virtual nodes in one process, sharing a few NATS connections: each boots over an in-memory
/// file store, subscribes its own node subject, announces <c>startup</c>, answers discovery pings and serves
/// requests with the same <see cref="NodeRuntime"/> and actions as the real agent, restarts and comes back
/// provisioned (with a connection of its own when it was issued NATS credentials). At most
/// <see cref="FleetOptions.Concurrency"/> nodes are on their way at once; faults are injected per node.
/// A node counts as provisioned once it restarted and announced itself as a <c>server</c>. Until it finishes, each node
/// also publishes Choria's <c>alive</c> event on <see cref="FleetOptions.AliveInterval"/>.
/// </summary>
public sealed class FleetSimulator(FleetOptions options, ILoggerFactory? loggers = null)
{
    private readonly ILogger _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger<FleetSimulator>();
    private readonly List<NatsConnection> _connections = [];
    private readonly List<BrokerLink> _links = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<Task> _loops = new();
    private volatile FleetNode[] _nodes = [];
    // One client for every simulated node's release downloads, as a host would share one.
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(2) };
    private readonly TaskCompletionSource _allDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SemaphoreSlim? _slots;
    private IReadOnlyList<string> _brokers = [];
    private long _started;
    private int _finished;

    /// <summary>The identity of node number <paramref name="number"/> (1-based) in <paramref name="fleet"/>, zero-padded to the width of the fleet size.</summary>
    public static string IdentityOf(FleetOptions fleet, int number) =>
        $"{fleet.IdentityPrefix}{number.ToString().PadLeft(fleet.Nodes.ToString().Length, '0')}.{fleet.Domain}";

    /// <summary>How the fleet is doing right now.</summary>
    public FleetProgress Progress()
    {
        var states = _nodes.Select(n => n.State).ToList();
        int Count(FleetNodeState state) => states.Count(s => s == state);
        var elapsed = _started == 0 ? TimeSpan.Zero : options.Clock.GetElapsedTime(_started);
        var waiting = options.Nodes - states.Count + Count(FleetNodeState.Waiting);
        return new FleetProgress(options.Nodes, waiting, Count(FleetNodeState.Announced), Count(FleetNodeState.InProgress),
            Count(FleetNodeState.Provisioned), Count(FleetNodeState.ShutDown), Count(FleetNodeState.Failed), elapsed);
    }

    /// <summary>Runs the fleet until every node finished or the timeout passed.</summary>
    /// <exception cref="ArgumentException">The options are unusable (no nodes, a bad token, ...).</exception>
    public async Task<FleetResult> RunAsync(CancellationToken cancellationToken = default)
    {
        Validate();
        ProvisioningClaims token;
        try
        {
            token = ProvisioningTokens.ParseUnverified(options.Token.Trim());
        }
        catch (TokenException e)
        {
            throw new ArgumentException($"the provisioning token is unusable: {e.Message}", nameof(options));
        }
        _started = options.Clock.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.Timeout);
        try
        {
            _brokers = options.BrokerUrls is { Count: > 0 } brokers
                ? BrokerResolver.Normalize(brokers)
                : await new BrokerResolver(options.SrvLookup, options.Clock, _logger).ResolveAsync(token, stop.Token);
            await ConnectAsync(token, stop.Token);
            CreateNodes();
            _slots = new SemaphoreSlim(options.Concurrency);
            _loops.Enqueue(AnnounceAllAsync(stop.Token));
            await _allDone.Task.WaitAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            _logger.LogWarning("Fleet stopped after {Elapsed} with {Done} of {Total} nodes finished", options.Clock.GetElapsedTime(_started), _finished, options.Nodes);
        }
        finally
        {
            foreach (var node in _nodes)
            {
                node.MoveTo(FleetNodeState.Failed);
            }
            await stop.CancelAsync();
            // Loops may start others (restarts) while they wind down: drain until none is left.
            while (_loops.TryDequeue(out var loop))
            {
                await loop.ContinueWith(_ => { }, TaskScheduler.Default);
            }
            // Disposing drops what is still buffered, such as the last node's startup as a server.
            await Task.WhenAll(_connections.Select(c => c.FlushQuietlyAsync(_logger)));
            foreach (var connection in _connections)
            {
                await connection.DisposeAsync();
            }
            foreach (var node in _nodes)
            {
                node.Runtime?.Dispose();
                node.StopServing?.Dispose();
            }
            _slots?.Dispose();
            _http.Dispose();
        }
        var results = _nodes.Select(n => n.Result(options.Clock)).ToList();
        return new FleetResult(options.Nodes, results.Count(r => r.State == FleetNodeState.Provisioned), options.Clock.GetElapsedTime(_started), results);
    }

    private void Validate()
    {
        if (options.Nodes < 1)
        {
            throw new ArgumentException("nodes must be at least 1", nameof(options));
        }
        if (options.Concurrency < 1 || options.Connections < 1)
        {
            throw new ArgumentException("concurrency and connections must be at least 1", nameof(options));
        }
        if (options.Renewals < 0 || options.Renewals > 0 && options.Renewal is null)
        {
            throw new ArgumentException("renewals must not be negative, and need a renewal policy", nameof(options));
        }
        if (options.Renewal?.Problem() is { } renewalProblem)
        {
            throw new ArgumentException($"renewal: {renewalProblem}", nameof(options));
        }
        if (options.AliveInterval <= TimeSpan.Zero || options.AliveFirstDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("the alive interval must be positive and its first delay not negative", nameof(options));
        }
        var problem = NodeIdentity.Problem(IdentityOf(options, 1));
        if (problem is not null)
        {
            throw new ArgumentException($"identity prefix or domain make bad identities: {problem}", nameof(options));
        }
    }

    private async Task ConnectAsync(ProvisioningClaims token, CancellationToken cancellationToken)
    {
        for (var index = 0; index < options.Connections; index++)
        {
            var natsOptions = NodeConnectionOptions.Provisioning(_brokers, options.Token.Trim(), token, $"{options.IdentityPrefix}-fleet-{index}");
            var connection = new NatsConnection(natsOptions);
            var link = new BrokerLink(connection, options.BrokerUrls is { Count: > 0 } || token.UrlList().Count > 0 ? null : token.SrvDomain);
            await connection.ConnectAsync();
            _connections.Add(connection);
            _links.Add(link);
            var discovery = await connection.SubscribeCoreAsync<byte[]>(Subjects.BroadcastAgent(AgentNames.Discovery), cancellationToken: cancellationToken);
            var connectionIndex = index;
            _loops.Enqueue(AnswerDiscoveryAsync(connection, connectionIndex, discovery, cancellationToken));
        }
    }

    private void CreateNodes()
    {
        var random = options.RandomSeed is { } seed ? new Random(seed) : new Random();
        _nodes = [.. Enumerable.Range(1, options.Nodes)
            .Select(number => new FleetNode(IdentityOf(options, number), options.Token, options.Faults.Draw(random), (number - 1) % options.Connections, options.ProtocolV2Of(number))
            {
                Version = options.NodeVersion,
            })];
    }

    private async Task AnnounceAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var node in _nodes)
            {
                await _slots!.WaitAsync(cancellationToken);
                Boot(node);
                var subscription = await _connections[node.Connection].SubscribeCoreAsync<byte[]>(Subjects.NodeRequest(node.Identity), cancellationToken: cancellationToken);
                var serving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                node.StopServing = serving;
                _loops.Enqueue(NodeRequestLoop.ServeAsync(_links[node.Connection], subscription,
                    () => node.Runtime is { Mode: NodeMode.Provisioning } runtime ? runtime : null, Hooks(node), _logger, serving.Token));
                node.AnnouncedAt = options.Clock.GetTimestamp();
                await AnnounceAsync(node, cancellationToken);
                _loops.Enqueue(AnnounceAliveAsync(node, serving.Token));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // Boots the node from its files, as the real agent does, and reports the mode it came up in.
    private NodeMode Boot(FleetNode node)
    {
        var boot = NodeBoot.Decide(node.Files, node.Paths, node.Identity, options.Clock);
        var previous = node.Runtime;
        node.Runtime = new NodeRuntime(new NodeContext
        {
            Files = node.Files,
            Paths = node.Paths,
            Boot = boot,
            CsrKeyAlgorithm = options.CsrKeyAlgorithm,
            Clock = options.Clock,
            Faults = node,
            EffectDelay = options.RestartDelay,
            Version = node.Version,
            Releases = new VerifyingReleaseInstaller(new ReleaseDownloader(_http), ReleasePlatform.Current),
            ProtocolV2Override = node.ProtocolV2,
        });
        previous?.Dispose();
        if (boot.Mode == NodeMode.Provisioning)
        {
            node.SpokeProtocolV2 = node.Runtime.SpeaksProtocolV2;
        }
        return boot.Mode;
    }

    private async Task AnnounceAsync(FleetNode node, CancellationToken cancellationToken)
    {
        var runtime = node.Runtime!;
        var copies = node.Has(FleetFault.Duplicate) ? 2 : 1;
        for (var i = 0; i < copies; i++)
        {
            await _connections[node.Connection].PublishLifecycleAsync(runtime.NewEvent(LifecycleEventType.Startup), cancellationToken);
        }
        Interlocked.Increment(ref node.Announcements);
        node.MoveTo(FleetNodeState.Announced);
    }

    // As a Choria server from its startup on; the node's subscription token ends it once the node finished and left.
    private Task AnnounceAliveAsync(FleetNode node, CancellationToken cancellationToken) =>
        AliveAnnouncer.RunAsync(
            () => node.Runtime!.NewEvent(LifecycleEventType.Alive),
            _connections[node.Connection].PublishLifecycleAsync,
            AliveSchedule.Of(options.AliveInterval, options.AliveFirstDelay),
            options.Clock,
            _logger,
            cancellationToken);

    // A simulated node counts each answer and shows its faults around it: slow, dropped, or rebooting mid-flow.
    private NodeRequestHooks Hooks(FleetNode node) => new(
        async (response, cancellationToken) =>
        {
            Interlocked.Increment(ref node.Requests);
            node.LastAction = $"{response.Agent}#{response.Action}";
            if (node.State == FleetNodeState.Announced)
            {
                node.MoveTo(FleetNodeState.InProgress);
            }
            if (node.Has(FleetFault.Slow))
            {
                await Task.Delay(options.SlowReplyDelay * (0.5 + Random.Shared.NextDouble()), options.Clock, cancellationToken);
            }
            return !node.TakeOnce(FleetFault.Drop);
        },
        async (runtime, response, cancellationToken) =>
        {
            node.Answered($"{response.Agent}#{response.Action}", options.Clock.GetTimestamp());
            if (response.Effect is { } effect)
            {
                _loops.Enqueue(CarryOutAsync(node, runtime, effect, cancellationToken));
            }
            else if (response.Action == "gen25519" && response.Status == StatusCode.Ok && node.TakeOnce(FleetFault.Reboot))
            {
                // A reboot mid-flow, before the node reads its next request: it forgets its seed (boot drops credentials
                // in provisioning mode), its lock and its ECDH key, and announces itself again.
                await BootAgainAsync(node, cancellationToken);
            }
        });

    private async Task CarryOutAsync(FleetNode node, NodeRuntime runtime, NodeEffect effect, CancellationToken cancellationToken)
    {
        var connection = _connections[node.Connection];
        try
        {
            if (effect is NodeEffect.Shutdown)
            {
                await Task.Delay(effect.Delay, options.Clock, cancellationToken);
                await connection.PublishLifecycleAsync(runtime.NewEvent(LifecycleEventType.Shutdown), cancellationToken);
                Finish(node, FleetNodeState.ShutDown);
                return;
            }
            await connection.PublishLifecycleAsync(runtime.NewEvent(LifecycleEventType.Shutdown), cancellationToken);
            await Task.Delay(effect.Delay, options.Clock, cancellationToken);
            if (effect is NodeEffect.Upgrade upgrade)
            {
                // The simulated release is the same code reporting the new version, as a re-exec'd binary would.
                node.Version = upgrade.Version;
                Interlocked.Increment(ref node.Upgrades);
            }
            await BootAgainAsync(node, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // One boot at a time per node: a reboot and a restart may race, and the second must see what the first did.
    private async Task BootAgainAsync(FleetNode node, CancellationToken cancellationToken)
    {
        await node.Life.WaitAsync(cancellationToken);
        try
        {
            if (FleetNode.IsFinished(node.State))
            {
                return;
            }
            NodeMode mode;
            try
            {
                mode = Boot(node);
            }
            catch (NodeBootException e)
            {
                // A configuration the node cannot start on leaves it down, as Choria's server exits on one.
                _logger.LogWarning("{Identity} cannot start: {Error}", node.Identity, e.Message);
                Finish(node, FleetNodeState.Failed);
                return;
            }
            if (mode == NodeMode.Provisioning)
            {
                await AnnounceAsync(node, cancellationToken);
            }
            else if (await ComeBackProvisionedAsync(node, cancellationToken))
            {
                if (Interlocked.Increment(ref node.Provisionings) > options.Renewals || options.Renewal is not { } renewal)
                {
                    Finish(node, FleetNodeState.Provisioned);
                }
                else
                {
                    node.MoveTo(FleetNodeState.Running);
                    // A running node no longer counts against the concurrency limit: it waits for its renewal.
                    if (node.TakeSlotRelease())
                    {
                        _slots?.Release();
                    }
                    _loops.Enqueue(RenewWhenDueAsync(node, renewal, cancellationToken));
                }
            }
        }
        finally
        {
            node.Life.Release();
        }
    }

    // With issued NATS credentials the node proves them on a connection of its own; without, it announces on the
    // shared connection. Either way it comes back as component "server".
    private async Task<bool> ComeBackProvisionedAsync(FleetNode node, CancellationToken cancellationToken)
    {
        var runtime = node.Runtime!;
        var startup = runtime.NewEvent(LifecycleEventType.Startup);
        var natsJwt = node.Files.ReadText(node.Paths.NatsJwtFile);
        if (natsJwt is null)
        {
            await _connections[node.Connection].PublishLifecycleAsync(startup, cancellationToken);
            return true;
        }
        var hosts = runtime.Node.Boot.Config.GetList(ServerConfigKeys.MiddlewareHosts);
        var natsOptions = NodeConnectionOptions.Provisioned(
            hosts.Count > 0 ? BrokerResolver.Normalize(hosts) : _brokers, node.Identity, runtime.MainCollective, natsJwt, node.Files.ReadText(node.Paths.SeedFile), null)
            with { MaxReconnectRetry = 0 };
        await using var connection = new NatsConnection(natsOptions);
        try
        {
            await connection.ConnectAsync();
            await connection.PublishLifecycleAsync(startup, cancellationToken);
            await connection.PingAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NatsException or TimeoutException)
        {
            _logger.LogWarning("{Identity} could not connect with its issued credentials: {Error}", node.Identity, e.Message);
            Finish(node, FleetNodeState.Failed);
            return false;
        }
    }

    // As the real agent does: at the policy's share of the first credential's lifetime, write the reprovision
    // configuration, announce shutdown and boot again into provisioning, identity kept.
    private async Task RenewWhenDueAsync(FleetNode node, RenewalPolicy policy, CancellationToken cancellationToken)
    {
        var runtime = node.Runtime!;
        var due = RenewalSchedule.Due(CredentialLifetimes.Read(node.Files, node.Paths, runtime.Node.Boot.Config), policy, Random.Shared.NextDouble());
        if (due is null)
        {
            _logger.LogWarning("{Identity} holds no credential with a lifetime to renew", node.Identity);
            Finish(node, FleetNodeState.Failed);
            return;
        }
        try
        {
            var wait = due.At - options.Clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, options.Clock, cancellationToken);
            }
            node.RenewedAtShares.Add((options.Clock.GetUtcNow() - due.Credential.Issued) / due.Credential.Lifetime);
            try
            {
                RenewalReentry.Write(node.Files, node.Paths, runtime.Node.Boot.Config, due, options.Clock);
            }
            catch (ServerConfigException e)
            {
                _logger.LogWarning("{Identity} could not go back to provisioning: {Error}", node.Identity, e.Message);
                Finish(node, FleetNodeState.Failed);
                return;
            }
            await _connections[node.Connection].PublishLifecycleAsync(runtime.NewEvent(LifecycleEventType.Shutdown), cancellationToken);
            await BootAgainAsync(node, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task AnswerDiscoveryAsync(NatsConnection connection, int index, INatsSub<byte[]> subscription, CancellationToken cancellationToken)
    {
        try
        {
            // A ping is the same message for every node: taken apart once, answered by each node that speaks its protocol.
            var codec = new ChoriaCodec(options.Clock);
            var codecV2 = new ChoriaCodecV2(options.Clock);
            await foreach (var message in subscription.Msgs.ReadAllAsync(cancellationToken))
            {
                DecodedRequest? ping = null;
                DecodedRequestV2? pingV2 = null;
                try
                {
                    var data = message.Data ?? [];
                    if (ProtocolsV2.VersionOfTransport(data) == 2)
                    {
                        pingV2 = codecV2.DecodeRequest(data);
                    }
                    else
                    {
                        ping = codec.DecodeRequest(data);
                    }
                }
                catch (ChoriaProtocolException e)
                {
                    _logger.LogDebug("Fleet dropped a discovery message: {Reason}", e.Message);
                    continue;
                }
                var broker = _links[index].Now();
                foreach (var node in _nodes.Where(n => n.Connection == index && n.State is FleetNodeState.Announced or FleetNodeState.InProgress))
                {
                    if (node.Runtime is { Mode: NodeMode.Provisioning } runtime
                        && (pingV2 is null ? runtime.Handle(ping!, broker) : runtime.Handle(pingV2, broker)) is { IsDropped: false } pong)
                    {
                        await connection.PublishAsync(pong.ReplySubject!, pong.Reply, cancellationToken: cancellationToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await subscription.DisposeAsync();
        }
    }

    private void Finish(FleetNode node, FleetNodeState state)
    {
        if (!node.MoveTo(state))
        {
            return;
        }
        if (state == FleetNodeState.Provisioned && node.AnnouncedAt is { } announced)
        {
            node.TimeToProvision = options.Clock.GetElapsedTime(announced);
        }
        // A finished node leaves its provisioning subject, as a restarted or stopped machine would.
        node.StopServing?.Cancel();
        if (node.TakeSlotRelease())
        {
            _slots?.Release();
        }
        if (Interlocked.Increment(ref _finished) == options.Nodes)
        {
            _allDone.TrySetResult();
        }
    }
}
