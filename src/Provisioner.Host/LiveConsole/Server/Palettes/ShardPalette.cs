using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Provisioner.Actors.Cluster;
using Provisioner.Host.LiveConsole.Protocol;

namespace Provisioner.Host.LiveConsole.Server.Palettes;

/// <summary><c>shard</c>: where the shard regions run and how shards and entities are spread over the members.</summary>
public sealed class ShardPalette(ActorSystem system, TimeSpan askTimeout) : ICommandPalette
{
    public string Name => "shard";

    public string Help => "Shard regions and how shards and entities are spread";

    private ClusterSharding Sharding => ClusterSharding.Get(system);

    private CommandArgument TypeArgument
    {
        get
        {
            var types = Sharding.ShardTypeNames.Order().ToList();
            return CommandArgument.Option("--type", $"The entity type (default {ProvisionerCluster.NodeTypeName})", types.Count == 0 ? null : types);
        }
    }

    public IReadOnlyList<ConsoleCommand> Commands =>
    [
        new("regions", "Each entity type's regions (one per member) and this member's share", [], RegionsAsync),
        new("stats", "Shards and entities per member (GetClusterShardingStats), and this member's shards (GetShardRegionState)", [TypeArgument], StatsAsync),
    ];

    private async Task RegionsAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var rows = new List<IReadOnlyList<string>>();
        var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
        foreach (var type in Sharding.ShardTypeNames.Order())
        {
            var region = Sharding.ShardRegion(type);
            var regions = await region.Ask<CurrentRegions>(GetCurrentRegions.Instance, askTimeout, cancellation);
            var local = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, askTimeout, cancellation);
            foreach (var address in regions.Regions.OrderBy(a => a.ToString(), StringComparer.Ordinal))
            {
                var isSelf = address == self;
                rows.Add(
                [
                    type,
                    address.ToString(),
                    isSelf ? region.Path.ToStringWithoutAddress() : "-",
                    isSelf ? Count(local.Shards.Count) : "-",
                    isSelf ? Count(local.Shards.Sum(s => s.EntityIds.Count)) : "-",
                ]);
            }
        }
        await invocation.TableAsync(["type", "member", "region (this member)", "shards here", "entities here"], rows, cancellation);
    }

    private async Task StatsAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var type = invocation.Optional("--type") ?? ProvisionerCluster.NodeTypeName;
        var region = Sharding.ShardRegion(type);
        var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(askTimeout), askTimeout + askTimeout, cancellation);
        var rows = stats.Regions
            .OrderBy(r => r.Key.ToString(), StringComparer.Ordinal)
            .Select(r => (IReadOnlyList<string>)
            [
                r.Key.ToString(),
                Count(r.Value.Stats.Count),
                Count(r.Value.Stats.Values.Sum()),
                r.Value.Failed.Count == 0 ? "-" : string.Join(",", r.Value.Failed.Order()),
            ])
            .ToList();
        rows.Add(["total", Count(stats.Regions.Values.Sum(r => r.Stats.Count)), Count(stats.Regions.Values.Sum(r => r.Stats.Values.Sum())), "-"]);
        await invocation.TableAsync(["member", "shards", "entities", "unanswered shards"], rows, cancellation);

        var local = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, askTimeout, cancellation);
        var shards = local.Shards.OrderBy(s => s.ShardId, StringComparer.Ordinal).Select(s => $"{s.ShardId}:{s.EntityIds.Count}");
        await invocation.LineAsync($"this member ({Akka.Cluster.Cluster.Get(system).SelfAddress}) hosts {local.Shards.Count} shards (shard:entities) {string.Join(" ", shards)}".TrimEnd(), cancellation);
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
