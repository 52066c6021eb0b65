using Provisioner.Actors.Telemetry;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Provisioner.Actors.Admission;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Fleet;
using Provisioner.Messages.Fleet;
using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Fleet;

/// <summary>
/// The cluster singleton that leads provisioning, in place of Choria's Streams election: it hears startup
/// events, sweeps with discovery, and feeds identities to the node shards while keeping at most
/// <see cref="LeaderSettings.MaxInFlight"/> attempts running cluster-wide. Anyone on the provisioning broker can
/// announce a name, so a name passes three gates before it costs an entity and journal rows: a bounded queue
/// (overflow is counted and logged), an admission check that the node holds a valid provisioning token
/// (<see cref="INodeAdmission"/>, at most <see cref="LeaderSettings.MaxAdmitting"/> at once, each with a short
/// timeout), and an exponential backoff for names whose admission or attempts keep failing. Entities are not
/// remembered by sharding, so the leader resumes what a lost member was running: when a member is removed it sends
/// again the starts of the attempts that member's entities had answered, and a new leader (after a handover or a
/// crash) starts the attempts the journal shows running (<see cref="IAttemptsInFlight"/>) and sweeps at once.
/// </summary>
public sealed class ProvisioningLeader : ReceiveActor, IWithTimers
{
    private const string SweepTimer = "sweep";
    private const string ExpiryTimer = "expire-in-flight";

    private const string PruneTimer = "prune-backoff";
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(10);

    private readonly IActorRef _nodes;
    private readonly IFleetWatcher _watcher;
    private readonly INodeAdmission _admission;
    private readonly LeaderSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly LinkedList<(string Identity, AttemptTrigger Trigger, DateTimeOffset QueuedAt)> _queue = new();
    private readonly Dictionary<string, LinkedListNode<(string Identity, AttemptTrigger Trigger, DateTimeOffset QueuedAt)>> _queued = new();
    // Admission checks running, and admitted nodes waiting for an in-flight slot: identity -> (trigger, queued at).
    private readonly Dictionary<string, (AttemptTrigger Trigger, DateTimeOffset QueuedAt)> _admitting = new();
    private readonly LinkedList<(string Identity, AttemptTrigger Trigger, DateTimeOffset QueuedAt, AdmittedToken? Token)> _admitted = new();
    private readonly HashSet<string> _admittedIdentities = new(StringComparer.Ordinal);
    private readonly IdentityBackoff _backoff;
    private readonly RateLimitedLog _overflowLog;
    private readonly RateLimitedLog _notAdmittedLog;
    private readonly RateLimitedLog _staleLog;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, DateTimeOffset> _inFlight = new();
    // Starts sent and not yet answered by the entity: identity -> (sent at, trigger, queued at).
    private readonly Dictionary<string, (DateTimeOffset SentAt, AttemptTrigger Trigger, DateTimeOffset QueuedAt)> _unanswered = new();
    // The member whose entity answered each in-flight start: its attempts are started again if it is removed.
    private readonly Dictionary<string, Address> _hostOf = new(StringComparer.Ordinal);
    private readonly IAttemptsInFlight? _journal;
    private IAsyncDisposable? _startups;
    private bool _paused;
    private bool _sweeping;
    private long _discovered;
    private long _eventDiscovered;
    private long _cycles;
    private long _staleSkipped;
    private long _provisioned;
    private long _failed;
    private DateTimeOffset? _lastSweep;

    public ProvisioningLeader(IActorRef nodes, IFleetWatcher watcher, INodeAdmission admission, LeaderSettings settings, TimeProvider clock, IAttemptsInFlight? journal = null)
    {
        _journal = journal;
        _nodes = nodes;
        _watcher = watcher;
        _admission = admission;
        _settings = settings;
        _clock = clock;
        _paused = settings.StartPaused;
        _backoff = new IdentityBackoff(settings.BackoffFirst, settings.BackoffCap, settings.MaxQueued);
        _overflowLog = new RateLimitedLog(ReportInterval, clock, (identity, unwritten) =>
            _log.Warning("work queue full ({0} queued): dropped {1} ({2} more dropped since the last report)", _settings.MaxQueued, identity, unwritten));
        _notAdmittedLog = new RateLimitedLog(ReportInterval, clock, (detail, unwritten) =>
            _log.Info("not admitted: {0} ({1} more not admitted since the last report)", detail, unwritten));
        _staleLog = new RateLimitedLog(ReportInterval, clock, (detail, unwritten) =>
            _log.Info("skipping node that's been waiting {0} ({1} more skipped since the last report)", detail, unwritten));

        Receive<LeaderMessages.NodeAnnounced>(Announce);
        Receive<LeaderMessages.Sweep>(_ => StartSweep());
        Receive<SweepFinished>(OnSweepFinished);
        Receive<NodeReply>(OnNodeReply);
        Receive<LeaderMessages.AttemptEnded>(OnAttemptEnded);
        Receive<LeaderMessages.AttemptHandedOff>(OnAttemptHandedOff);
        Receive<ClusterEvent.MemberRemoved>(removed => OnMemberLost(removed.Member.Address));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<RunningInJournal>(OnRunningInJournal);
        Receive<AdmissionFinished>(OnAdmissionFinished);
        Receive<ExpireInFlight>(_ => Expire());
        Receive<PruneBackoff>(_ => _backoff.Prune(Now));
        Receive<LeaderMessages.GetBackoff>(q => Sender.Tell(_backoff.Of(q.Identity)));
        Receive<LeaderMessages.Pause>(p =>
        {
            _paused = true;
            _log.Info("provisioning paused by {0}", p.RequestedBy);
            UpdateGauges();
            Sender.Tell(Status());
        });
        Receive<LeaderMessages.Resume>(r =>
        {
            _paused = false;
            _log.Info("provisioning resumed by {0}", r.RequestedBy);
            Sender.Tell(Status());
            StartSweep();
            Pump();
        });
        Receive<LeaderMessages.GetStatus>(_ => Sender.Tell(Status()));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef nodes, IFleetWatcher watcher, INodeAdmission admission, LeaderSettings settings, TimeProvider clock, IAttemptsInFlight? journal = null) =>
        Akka.Actor.Props.Create(() => new ProvisioningLeader(nodes, watcher, admission, settings, clock, journal));

    private DateTimeOffset Now => _clock.GetUtcNow();

    protected override void PreStart()
    {
        var self = Self;
        _startups = _watcher.WatchStartups(identity => self.Tell(new LeaderMessages.NodeAnnounced(identity, AttemptTrigger.LifecycleEvent)));
        Timers.StartPeriodicTimer(SweepTimer, new LeaderMessages.Sweep(), _settings.DiscoveryInterval);
        Timers.StartPeriodicTimer(ExpiryTimer, ExpireInFlight.Instance, TimeSpan.FromSeconds(1));
        Timers.StartPeriodicTimer(PruneTimer, PruneBackoff.Instance, TimeSpan.FromSeconds(30));
        _log.Info("provisioning leader started on {0} (max in flight {1}, sweep every {2})", MemberAddress.Of(Context.System), _settings.MaxInFlight, _settings.DiscoveryInterval);
        UpdateGauges();
        StartSweep();
        if (((ExtendedActorSystem)Context.System).Provider is IClusterActorRefProvider)
        {
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));
        }
        // Attempts running on any member, as far as the journal knows: those of a lost member resume only if started.
        _journal?.RunningSinceAsync(Now - _settings.InFlightTimeout, _stopping.Token).PipeTo(
            Self,
            success: identities => new RunningInJournal(identities, null),
            failure: e => new RunningInJournal([], e.GetBaseException().Message));
    }

    protected override void PostStop()
    {
        if (((ExtendedActorSystem)Context.System).Provider is IClusterActorRefProvider)
        {
            Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        }
        // Dispose synchronously enough: the NATS unsubscribe is best effort when the member goes away.
        _startups?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(2));
        _stopping.Cancel();
        _stopping.Dispose();
        ProvisionerMetrics.WorkQueueEntries.Set(0);
        ProvisionerMetrics.WaitingNodes.Set(0);
        ProvisionerMetrics.Admitting.Set(0);
        base.PostStop();
    }

    private void Announce(LeaderMessages.NodeAnnounced announced)
    {
        if (_paused)
        {
            return;
        }
        // As Choria, a node counts as found by an event only when the event put it on the queue.
        if (Enqueue(announced.Identity, announced.Trigger, Now) && announced.Trigger.Kind == AttemptTriggerKind.LifecycleEvent)
        {
            _eventDiscovered++;
            ProvisionerMetrics.EventDiscovered.Inc();
        }
    }

    /// <summary>Queues the node unless it is tracked, backing off or the queue is full; true when it was queued.</summary>
    private bool Enqueue(string identity, AttemptTrigger trigger, DateTimeOffset seenAt)
    {
        if (!_paused && _queued.TryGetValue(identity, out var entry) && seenAt > entry.Value.QueuedAt)
        {
            // Seen again while waiting: its age counts from the latest sighting, so a burst that takes longer than
            // two intervals to drain does not drop machines that are still there (Choria's intent for step 0).
            entry.Value = entry.Value with { QueuedAt = seenAt };
            return false;
        }
        if (_paused || IsTracked(identity))
        {
            return false;
        }
        if (_backoff.IsWaiting(identity, Now))
        {
            ProvisionerMetrics.BackedOff.Inc();
            return false;
        }
        if (_queue.Count >= _settings.MaxQueued)
        {
            ProvisionerMetrics.WorkQueueOverflow.Inc();
            _overflowLog.Report(identity);
            return false;
        }
        _queued[identity] = _queue.AddLast((identity, trigger, seenAt));
        Pump();
        return true;
    }

    private bool IsTracked(string identity) =>
        _inFlight.ContainsKey(identity) || _queued.ContainsKey(identity) || _admitting.ContainsKey(identity) || _admittedIdentities.Contains(identity);

    private void Pump()
    {
        if (!_paused)
        {
            Dispatch();
            Admit();
        }
        UpdateGauges();
    }

    // Admitted nodes take free in-flight slots, oldest first.
    private void Dispatch()
    {
        while (_inFlight.Count < _settings.MaxInFlight && _admitted.First is { } first)
        {
            _admitted.RemoveFirst();
            var (identity, trigger, queuedAt, token) = first.Value;
            _admittedIdentities.Remove(identity);
            _inFlight[identity] = Now + _settings.InFlightTimeout;
            _unanswered[identity] = (Now, trigger, queuedAt);
            // The node's answer goes with the first start only; a start sent again lets the entity ask the node itself.
            _nodes.Tell(new NodeCommands.StartAttempt(identity, trigger, queuedAt) { Admission = token });
        }
    }

    // Queued nodes are checked a few hundred at a time, and no further ahead than one round of in-flight slots.
    private void Admit()
    {
        while (_admitting.Count < _settings.MaxAdmitting && _admitted.Count < _settings.MaxInFlight && _queue.First is { } first)
        {
            _queue.RemoveFirst();
            var (identity, trigger, queuedAt) = first.Value;
            _queued.Remove(identity);
            if (Now - queuedAt > _settings.StaleAfter)
            {
                _staleSkipped++;
                ProvisionerMetrics.StaleSkipped.Inc();
                _staleLog.Report($"{Now - queuedAt}: {identity}");
                continue;
            }
            _admitting[identity] = (trigger, queuedAt);
            _admission.AdmitAsync(identity, _settings.AdmissionTimeout, _stopping.Token).PipeTo(
                Self,
                success: result => new AdmissionFinished(identity, result),
                failure: e => new AdmissionFinished(identity, new AdmissionResult.Unanswered(e.GetBaseException().Message)));
        }
    }

    private void OnAdmissionFinished(AdmissionFinished finished)
    {
        if (!_admitting.Remove(finished.Identity, out var waiting))
        {
            return;
        }
        ProvisionerMetrics.Admissions.WithLabels(finished.Result.Label).Inc();
        switch (finished.Result)
        {
            case AdmissionResult.Admitted admitted:
                _admittedIdentities.Add(finished.Identity);
                _admitted.AddLast((finished.Identity, waiting.Trigger, waiting.QueuedAt, admitted.Token));
                break;
            case AdmissionResult.Unanswered unanswered:
                NotAdmitted(finished.Identity, unanswered.Reason);
                break;
            case AdmissionResult.Refused refused:
                NotAdmitted(finished.Identity, refused.Reason);
                break;
        }
        Pump();
    }

    private void NotAdmitted(string identity, string reason)
    {
        var backoff = _backoff.Failed(identity, reason, Now);
        _notAdmittedLog.Report($"{identity}: {reason}; {(backoff?.RetryAt is { } at ? $"ignored until {at:HH:mm:ss}" : "not remembered")}");
    }

    private void OnNodeReply(NodeReply reply)
    {
        // Ok: an attempt started and will report its end. NoOp for a running attempt: it will report too.
        // Anything else means no attempt runs for this node, so its slot is free now.
        _unanswered.Remove(reply.Identity);
        var running = reply.Code == NodeReplyCode.Ok || (reply.Code == NodeReplyCode.NoOp && reply.Stage.IsRunning());
        if (running && _inFlight.ContainsKey(reply.Identity) && !Sender.IsNobody())
        {
            _hostOf[reply.Identity] = Sender.Path.Address.HasLocalScope ? MemberAddress.Self(Context.System) : Sender.Path.Address;
        }
        if (!running && _inFlight.Remove(reply.Identity))
        {
            _hostOf.Remove(reply.Identity);
            Pump();
        }
    }

    private void OnAttemptEnded(LeaderMessages.AttemptEnded ended)
    {
        if (ended.Outcome is NodeStage.Provisioned or NodeStage.ShutDown)
        {
            _provisioned++;
            _backoff.Succeeded(ended.Identity);
        }
        else
        {
            _failed++;
            if (ended.Outcome == NodeStage.Failed)
            {
                _backoff.Failed(ended.Identity, ended.Reason, Now);
            }
        }
        _unanswered.Remove(ended.Identity);
        _hostOf.Remove(ended.Identity);
        if (_inFlight.Remove(ended.Identity))
        {
            Pump();
        }
        else
        {
            UpdateGauges();
        }
    }

    private void Expire()
    {
        var now = Now;
        var expired = _inFlight.Where(kv => kv.Value < now).Select(kv => kv.Key).ToList();
        foreach (var identity in expired)
        {
            _inFlight.Remove(identity);
            _unanswered.Remove(identity);
            _hostOf.Remove(identity);
            _log.Warning("attempt for {0} did not report its end within {1}; slot released", identity, _settings.InFlightTimeout);
        }
        var unanswered = _unanswered.Where(kv => now - kv.Value.SentAt >= _settings.UnansweredStartAfter).ToList();
        foreach (var (identity, (_, trigger, queuedAt)) in unanswered)
        {
            _log.Info("start for {0} unanswered after {1}; sending it again", identity, _settings.UnansweredStartAfter);
            _unanswered[identity] = (now, trigger, queuedAt);
            _nodes.Tell(new NodeCommands.StartAttempt(identity, trigger, queuedAt));
        }
        if (expired.Count > 0) Pump();
    }

    // Sharding moved the entity's shard: a start wakes it on the new member, where it resumes from the journal. The
    // regions buffer messages for a moving shard until its new home is known; a start lost anyway is sent again.
    private void OnAttemptHandedOff(LeaderMessages.AttemptHandedOff handedOff)
    {
        var identity = handedOff.Identity;
        if (!_inFlight.ContainsKey(identity))
        {
            if (IsTracked(identity))
            {
                return;
            }
            // Running, yet not counted here (this leader took over after the attempt began and the journal scan
            // missed it): it takes a slot like any attempt this leader resumes.
            _inFlight[identity] = Now + _settings.InFlightTimeout;
        }
        _hostOf.Remove(identity);
        SendStartAgain(identity, AttemptTrigger.Resumed, Now);
        UpdateGauges();
    }

    // The lost member's entities start again on the members that took its shards, from what the journal holds.
    private void OnMemberLost(Address member)
    {
        var lost = _hostOf.Where(kv => kv.Value == member).Select(kv => kv.Key).ToList();
        foreach (var identity in lost)
        {
            _hostOf.Remove(identity);
            SendStartAgain(identity, AttemptTrigger.Resumed, Now);
        }
        if (lost.Count > 0)
        {
            _log.Info("member {0} removed with {1} attempts in flight; starting them again elsewhere", member, lost.Count);
        }
    }

    private void OnRunningInJournal(RunningInJournal running)
    {
        if (running.Error is not null)
        {
            _log.Warning("reading the attempts in flight from the journal failed: {0}; nodes still in provisioning mode come back through discovery", running.Error);
            return;
        }
        var resumed = 0;
        foreach (var identity in running.Identities.Where(i => !IsTracked(i)))
        {
            _inFlight[identity] = Now + _settings.InFlightTimeout;
            SendStartAgain(identity, AttemptTrigger.Resumed, Now);
            resumed++;
        }
        _log.Info("{0} attempts in flight in the journal started again by this leader", resumed);
        UpdateGauges();
    }

    private void SendStartAgain(string identity, AttemptTrigger trigger, DateTimeOffset queuedAt)
    {
        _unanswered[identity] = (Now, trigger, queuedAt);
        _nodes.Tell(new NodeCommands.StartAttempt(identity, trigger, queuedAt));
    }

    private void StartSweep()
    {
        if (_paused || _sweeping)
        {
            return;
        }
        _sweeping = true;
        // Answers are evidence of provisioning mode as of the ping, not of when the sweep's result is handled.
        var pingedAt = Now;
        _watcher.DiscoverAsync(CancellationToken.None).PipeTo(
            Self,
            success: found => new SweepFinished(found, null, pingedAt),
            failure: e => new SweepFinished([], e.GetBaseException().Message, pingedAt));
    }

    private void OnSweepFinished(SweepFinished result)
    {
        _sweeping = false;
        _cycles++;
        _lastSweep = Now;
        ProvisionerMetrics.DiscoverCycles.Inc();
        if (result.Error is not null)
        {
            ProvisionerMetrics.DiscoveryErrors.Inc();
            _log.Warning("discovery failed: {0}", result.Error);
            return;
        }
        // As Choria, a node counts as discovered only when the sweep put it on the queue, not each time it answers.
        foreach (var identity in result.Identities)
        {
            if (Enqueue(identity, AttemptTrigger.Discovery, result.PingedAt))
            {
                _discovered++;
                ProvisionerMetrics.Discovered.Inc();
            }
        }
        // One line per sweep, so a benchmark counts sweeps and stale skips from the members' logs.
        _log.Info("sweep {0} found {1}; queued {2}, in flight {3}; stale skipped so far {4}", _cycles, result.Identities.Count, _queue.Count, _inFlight.Count, _staleSkipped);
    }

    private LeaderStatus Status() => new(
        MemberAddress.Of(Context.System), _paused, _queue.Count + _admitting.Count + _admitted.Count, _inFlight.Count, _settings.MaxInFlight,
        _discovered, _eventDiscovered, _cycles, _provisioned, _failed, _lastSweep);

    private void UpdateGauges()
    {
        ProvisionerMetrics.WorkQueueEntries.Set(_queue.Count);
        ProvisionerMetrics.Admitting.Set(_admitting.Count);
        ProvisionerMetrics.WaitingNodes.Set(_queue.Count + _admitting.Count + _admitted.Count + _inFlight.Count);
        ProvisionerMetrics.Paused.Set(_paused ? 1 : 0);
    }

    private sealed record RunningInJournal(IReadOnlyCollection<string> Identities, string? Error);

    private sealed record SweepFinished(IReadOnlyCollection<string> Identities, string? Error, DateTimeOffset PingedAt);

    private sealed record AdmissionFinished(string Identity, AdmissionResult Result);

    private sealed class PruneBackoff
    {
        public static PruneBackoff Instance { get; } = new();
    }

    private sealed class ExpireInFlight
    {
        public static ExpireInFlight Instance { get; } = new();
    }
}
