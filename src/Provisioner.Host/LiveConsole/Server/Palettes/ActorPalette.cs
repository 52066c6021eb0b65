using Akka.Actor;
using Provisioner.Host.LiveConsole.Protocol;

namespace Provisioner.Host.LiveConsole.Server.Palettes;

/// <summary>
/// <c>actor hierarchy</c>: the actors under <c>/user</c> and <c>/system</c> on this member, found by asking each
/// level's children to identify themselves (<c>Identify</c> through a wildcard selection), so it needs no
/// access to actor internals. Depth, time and size are bounded so a member with many entities answers quickly.
/// </summary>
public sealed class ActorPalette(ActorSystem system) : ICommandPalette
{
    private const int MaxActors = 2000;
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LevelTimeout = TimeSpan.FromSeconds(3);
    private static readonly string[] Roots = ["/user", "/system"];

    public string Name => "actor";

    public string Help => "The actors running on this member";

    public IReadOnlyList<ConsoleCommand> Commands =>
    [
        new("hierarchy", $"The actor tree under /user and /system (at most {MaxActors} actors)",
            [
                CommandArgument.Option("--depth", "Levels below /user and /system to show (1 to 8, default 4)"),
                CommandArgument.Option("--root", "Show only this subtree, e.g. /system/sharding"),
            ],
            HierarchyAsync),
    ];

    private async Task HierarchyAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var depth = invocation.Int("--depth", 4, 1, 8);
        var root = invocation.Optional("--root")?.TrimEnd('/');
        if (root is not null && !Roots.Any(r => root == r || root.StartsWith(r + "/", StringComparison.Ordinal)))
        {
            throw new CommandUsageException($"--root must be under /user or /system, got '{root}'");
        }
        var tree = await WalkAsync(root is null ? Roots : [root], depth, cancellation);
        var lines = new List<string>();
        foreach (var start in root is null ? Roots : [root])
        {
            Render(tree, start, 0, lines);
        }
        foreach (var line in lines)
        {
            await invocation.LineAsync(line, cancellation);
        }
        if (tree.Values.Sum(c => c.Count) >= MaxActors)
        {
            await invocation.LineAsync($"… stopped after {MaxActors} actors; use --root or --depth to look closer", cancellation);
        }
    }

    private static void Render(Dictionary<string, SortedSet<string>> tree, string path, int indent, List<string> lines)
    {
        lines.Add(new string(' ', indent * 2) + (indent == 0 ? path : path[(path.LastIndexOf('/') + 1)..]));
        foreach (var child in tree.GetValueOrDefault(path) ?? [])
        {
            Render(tree, child, indent + 1, lines);
        }
    }

    /// <summary>Breadth first: each level's parents are asked at once, then the answers are collected until quiet.</summary>
    private async Task<Dictionary<string, SortedSet<string>>> WalkAsync(IReadOnlyList<string> roots, int depth, CancellationToken cancellation)
    {
        var tree = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var (forwarder, answers) = ChannelForwarder.Start(system, MaxActors * 2);
        try
        {
            var level = roots.ToList();
            var found = 0;
            for (var d = 0; d < depth && level.Count > 0 && found < MaxActors; d++)
            {
                foreach (var parent in level)
                {
                    system.ActorSelection($"{parent}/*").Tell(new Identify(parent), forwarder);
                }
                var next = new List<string>();
                var deadline = DateTime.UtcNow + LevelTimeout;
                while (found < MaxActors && DateTime.UtcNow < deadline)
                {
                    using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                    quiet.CancelAfter(QuietPeriod);
                    object answer;
                    try
                    {
                        answer = await answers.ReadAsync(quiet.Token);
                    }
                    catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                    {
                        break;
                    }
                    // The forwarder collecting the answers is the walk's own; it is left out of the tree.
                    if (answer is ActorIdentity { Subject: { } subject, MessageId: string parent }
                        && !subject.Equals(forwarder)
                        && (tree.TryGetValue(parent, out var children) ? children : tree[parent] = new SortedSet<string>(StringComparer.Ordinal))
                            .Add(subject.Path.ToStringWithoutAddress()))
                    {
                        next.Add(subject.Path.ToStringWithoutAddress());
                        found++;
                    }
                }
                level = next;
            }
        }
        finally
        {
            system.Stop(forwarder);
        }
        return tree;
    }
}
