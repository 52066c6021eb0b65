using System.Text.RegularExpressions;
using Provisioner.Agent.Actions;
using Provisioner.Agent.Boot;
using Provisioner.Agent.Config;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;

namespace Provisioner.Agent.Runtime;

/// <summary>
/// One node between the wire and its actions, independent of how messages arrive: takes a request transport
/// apart, drops what is not for this node (undecodable, expired, another collective, a filter it does not
/// match), answers discovery pings with <c>pong</c>, dispatches RPCs to <c>choria_provision</c>,
/// <c>rpcutil</c> and <c>choria_util</c>, and encodes the reply for the request's <c>reply-to</c>. Unknown agents and actions get
/// UnknownAction and unreadable bodies InvalidData, so a bad request never silences the node. Requests are
/// handled one at a time, as Choria's agent holds one mutex. The real agent and every simulated node use it.
/// </summary>
public sealed class NodeRuntime : IDisposable
{
    /// <summary>The agents a node in provisioning mode has loaded.</summary>
    public static readonly IReadOnlyList<string> LoadedAgents = [AgentNames.Provision, AgentNames.ChoriaUtil, AgentNames.Discovery, AgentNames.RpcUtil];

    private readonly Lock _gate = new();
    private readonly ChoriaCodec _codec;

    public NodeRuntime(NodeContext node, ChoriaCodec? codec = null)
    {
        Node = node;
        _codec = codec ?? new ChoriaCodec(node.Clock);
        Provision = new ProvisionActions(node);
        if (node.Mode == NodeMode.Provisioning)
        {
            Collectives = [Protocols.ProvisioningCollective];
            MainCollective = Protocols.ProvisioningCollective;
        }
        else
        {
            var configured = node.Boot.Config.GetList(ServerConfigKeys.Collectives);
            Collectives = configured.Count > 0 ? configured : ["choria"];
            MainCollective = node.Boot.Config.Get(ServerConfigKeys.MainCollective) ?? Collectives[0];
        }
    }

    public NodeContext Node { get; }

    public ProvisionActions Provision { get; }

    public string Identity => Node.Identity;

    public NodeMode Mode => Node.Mode;

    public IReadOnlyList<string> Collectives { get; }

    public string MainCollective { get; }

    /// <summary>The lifecycle component this node announces itself as.</summary>
    public string Component => Mode == NodeMode.Provisioning ? LifecycleComponents.ProvisionModeServer : LifecycleComponents.Server;

    /// <summary>
    /// What the node subscribes to: its node subject in each collective and, in provisioning mode, the broadcast
    /// subject of each loaded agent (the broker allows exactly those).
    /// </summary>
    public IReadOnlyList<string> Subscriptions =>
        Mode == NodeMode.Provisioning
            ? [Subjects.NodeRequest(Identity), .. LoadedAgents.Select(a => Subjects.BroadcastAgent(a))]
            : [.. Collectives.Select(c => Subjects.NodeRequest(Identity, c))];

    /// <summary>A new lifecycle event from this node, with the version on the events that carry one.</summary>
    public LifecycleEvent NewEvent(LifecycleEventType type) =>
        LifecycleEvent.Create(type, Identity, Component, Node.Clock.GetUtcNow(), type is LifecycleEventType.Startup or LifecycleEventType.Alive ? Node.Version : null);

    /// <summary>An <c>upgraded</c> event from the running version to <paramref name="newVersion"/>.</summary>
    public LifecycleEvent UpgradedEvent(string? newVersion) =>
        LifecycleEvent.Create(LifecycleEventType.Upgraded, Identity, Component, Node.Clock.GetUtcNow(), Node.Version, newVersion ?? "");

    /// <summary>
    /// Handles one message as received from NATS over <paramref name="broker"/>, whose connected URL the reply's
    /// <c>seen-by</c> hop records.
    /// </summary>
    public NodeResponse Handle(ReadOnlySpan<byte> transport, BrokerConnection broker)
    {
        DecodedRequest request;
        try
        {
            request = _codec.DecodeRequest(transport);
        }
        catch (ChoriaProtocolException e)
        {
            return NodeResponse.Dropped(e.Message);
        }
        return Handle(request, broker);
    }

    /// <summary>
    /// Handles a request already taken apart: a simulated fleet decodes a broadcast ping once for all its nodes on a
    /// connection, as decoding depends on the message alone.
    /// </summary>
    public NodeResponse Handle(DecodedRequest request, BrokerConnection broker)
    {
        var envelope = request.Envelope;
        var notForUs = FilterProblem(request);
        if (notForUs is not null)
        {
            return NodeResponse.Dropped(notForUs, envelope.Agent);
        }
        if (!IsPublishable(request.ReplyTo))
        {
            return NodeResponse.Dropped($"reply-to '{request.ReplyTo}' is not a subject a reply can be published to", envelope.Agent);
        }
        if (envelope.Agent == AgentNames.Discovery)
        {
            return request.IsDiscoveryPing
                ? new NodeResponse(AgentNames.Discovery, "ping", request.ReplyTo, _codec.EncodeDiscoveryPong(request, Identity, seenByUrl: broker.ConnectedServer), StatusCode.Ok, ChoriaCodec.Pong, [], null, null)
                : NodeResponse.Dropped("a discovery request that is not a ping", envelope.Agent);
        }

        ActionOutcome outcome;
        string action;
        lock (_gate)
        {
            if (request.Body is not { } body)
            {
                action = "";
                outcome = ActionOutcome.Failed("", StatusCode.InvalidData, $"Could not process request: {request.BodyError}");
            }
            else
            {
                action = body.Action;
                outcome = envelope.Agent switch
                {
                    AgentNames.Provision => Provision.Invoke(body.Action, request.Data, envelope),
                    AgentNames.RpcUtil => RpcUtilActions.Invoke(body.Action, Node, LoadedAgents, Collectives, MainCollective),
                    AgentNames.ChoriaUtil => ChoriaUtilActions.Invoke(body.Action, request.Data, Node, broker),
                    var unknown => ActionOutcome.Failed(body.Action, StatusCode.UnknownAction, ActionMessages.UnknownAgent(unknown)),
                };
            }
        }
        var reply = _codec.EncodeReply(request, Identity, outcome.Reply, seenByUrl: broker.ConnectedServer);
        return new NodeResponse(
            envelope.Agent,
            action,
            request.ReplyTo,
            reply,
            outcome.Reply.StatusCode,
            outcome.Reply.StatusMessage,
            [.. outcome.Events.Select(type => type == LifecycleEventType.Upgraded ? UpgradedEvent(outcome.UpgradedTo) : NewEvent(type))],
            outcome.Effect,
            null);
    }

    // Choria's server drops a request whose collective or filter it does not match; fact, class and compound
    // filters are not evaluated (a provisioning node has no classes, and the provisioner sends none).
    private string? FilterProblem(DecodedRequest request)
    {
        var envelope = request.Envelope;
        if (!Collectives.Contains(envelope.Collective))
        {
            return $"request for collective '{envelope.Collective}', this node is in {string.Join(", ", Collectives)}";
        }
        var filter = envelope.Filter;
        // The request's own agent is left to dispatch, so a direct call to an agent this node lacks gets
        // UnknownAction rather than silence; another missing agent (a discovery filter) means "not for us".
        var missing = filter.Agent.FirstOrDefault(a => a != envelope.Agent && !LoadedAgents.Contains(a));
        if (missing is not null)
        {
            return $"filter asks for agent '{missing}', which is not loaded";
        }
        if (filter.Identity.Count > 0 && !filter.Identity.Any(MatchesIdentity))
        {
            return "identity filter does not match";
        }
        return null;
    }

    private bool MatchesIdentity(string pattern)
    {
        if (pattern.Length > 2 && pattern.StartsWith('/') && pattern.EndsWith('/'))
        {
            try
            {
                return Regex.IsMatch(Identity, pattern[1..^1], RegexOptions.None, TimeSpan.FromMilliseconds(100));
            }
            catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
            {
                return false;
            }
        }
        return pattern == Identity;
    }

    private static bool IsPublishable(string subject) =>
        subject.Length > 0 && !subject.Contains('*') && !subject.Contains('>') && !subject.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
        && !subject.Split('.').Any(t => t.Length == 0);

    public void Dispose() => Provision.Dispose();
}
