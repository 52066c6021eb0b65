using System.Text.Json;
using System.Text.RegularExpressions;
using Provisioner.Agent.Actions;
using Provisioner.Agent.Boot;
using Provisioner.Agent.Config;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.V2;

namespace Provisioner.Agent.Runtime;

/// <summary>
/// One node between the wire and its actions, independent of how messages arrive: takes a request transport
/// apart in the protocol it speaks (v1, or v2 when its provisioning token says <c>v2</c>), drops what is not for this node (undecodable, expired, another collective, a filter it does not
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
    private readonly ChoriaCodecV2 _codecV2;

    public NodeRuntime(NodeContext node, ChoriaCodec? codec = null)
    {
        Node = node;
        _codec = codec ?? new ChoriaCodec(node.Clock);
        _codecV2 = new ChoriaCodecV2(node.Clock);
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

    /// <summary>Whether this node answers protocol v2 (and drops v1), decided once at boot.</summary>
    public bool SpeaksProtocolV2 => Node.SpeaksProtocolV2;

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
    /// <c>seen-by</c> (v2: <c>trace</c>) hop records. A node speaks one protocol and drops the other without reply.
    /// </summary>
    public NodeResponse Handle(ReadOnlySpan<byte> transport, BrokerConnection broker)
    {
        var version = ProtocolsV2.VersionOfTransport(transport);
        if (SpeaksProtocolV2)
        {
            if (version == 1)
            {
                return NodeResponse.Dropped(ProtocolsV2.V1AtV2Node);
            }
            DecodedRequestV2 v2;
            try
            {
                v2 = _codecV2.DecodeRequest(transport);
            }
            catch (ChoriaProtocolException e)
            {
                return NodeResponse.Dropped(e.Message);
            }
            return Handle(v2, broker);
        }
        if (version == 2)
        {
            return NodeResponse.Dropped(ProtocolsV2.V2AtV1Node);
        }
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
    /// Handles a v1 request already taken apart: a simulated fleet decodes a broadcast ping once for all its nodes on
    /// a connection, as decoding depends on the message alone.
    /// </summary>
    public NodeResponse Handle(DecodedRequest request, BrokerConnection broker) =>
        SpeaksProtocolV2
            ? NodeResponse.Dropped(ProtocolsV2.V1AtV2Node, request.Envelope.Agent)
            : Respond(
                new Incoming(request.Envelope, request.ReplyTo, request.IsDiscoveryPing, request.Body, request.BodyError, request.Data),
                body => body is null
                    ? _codec.EncodeDiscoveryPong(request, Identity, seenByUrl: broker.ConnectedServer)
                    : _codec.EncodeReply(request, Identity, body, seenByUrl: broker.ConnectedServer),
                broker);

    /// <summary>
    /// Handles a v2 request already taken apart. A provisioning-mode node verifies neither the caller's JWT nor the
    /// signature (Choria sets <c>protocol.Secure=false</c> there, choria-v2 §3.1); a provisioned one drops a request
    /// whose caller does not check out (<see cref="CallerVerification"/>, §2.5). Both answer unsigned, with the hash.
    /// </summary>
    public NodeResponse Handle(DecodedRequestV2 request, BrokerConnection broker) =>
        !SpeaksProtocolV2
            ? NodeResponse.Dropped(ProtocolsV2.V2AtV1Node, request.Request.Agent)
            : Mode == NodeMode.Provisioned && CallerVerification.Problem(request, Node.Boot.Config, Node.Clock) is { } refused
            ? NodeResponse.Dropped($"request {request.Request.Id} from {request.Request.Caller} refused: {refused}", request.Request.Agent)
            : Respond(
                new Incoming(request.Envelope, request.ReplyTo, request.IsDiscoveryPing, request.Body, request.BodyError, request.Data),
                body => body is null
                    ? _codecV2.EncodeDiscoveryPong(request, Identity, traceUrl: broker.ConnectedServer)
                    : _codecV2.EncodeReply(request, Identity, body, traceUrl: broker.ConnectedServer),
                broker);

    // A request of either protocol as the actions see it; encode turns a reply body (null: the discovery pong) into transport bytes.
    private NodeResponse Respond(Incoming request, Func<RpcReplyBody?, byte[]> encode, BrokerConnection broker)
    {
        var envelope = request.Envelope;
        var notForUs = FilterProblem(envelope);
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
                ? new NodeResponse(AgentNames.Discovery, "ping", request.ReplyTo, encode(null), StatusCode.Ok, ChoriaCodec.Pong, [], null, null)
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
        return new NodeResponse(
            envelope.Agent,
            action,
            request.ReplyTo,
            encode(outcome.Reply),
            outcome.Reply.StatusCode,
            outcome.Reply.StatusMessage,
            [.. outcome.Events.Select(type => type == LifecycleEventType.Upgraded ? UpgradedEvent(outcome.UpgradedTo) : NewEvent(type))],
            outcome.Effect,
            null);
    }

    private sealed record Incoming(RequestEnvelope Envelope, string ReplyTo, bool IsDiscoveryPing, RpcRequestBody? Body, string? BodyError, JsonElement Data);

    // Choria's server drops a request whose collective or filter it does not match; fact, class and compound
    // filters are not evaluated (a provisioning node has no classes, and the provisioner sends none).
    private string? FilterProblem(RequestEnvelope envelope)
    {
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
