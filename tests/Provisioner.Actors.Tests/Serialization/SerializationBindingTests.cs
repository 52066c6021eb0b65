using Provisioner.Actors.Nodes;
using Provisioner.Actors.Serialization;
using Provisioner.Messages;
using Xunit;

namespace Provisioner.Actors.Tests.Serialization;

public sealed class SerializationBindingTests
{
    private static readonly IReadOnlyList<Type> Marked =
        new[] { typeof(IProvisionerMessage).Assembly, typeof(NodeState).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IProvisionerMessage).IsAssignableFrom(t))
            .ToList();

    [Fact]
    public void Every_type_bound_to_the_serializer_has_a_manifest()
    {
        var missing = Marked.Where(t => !ProvisionerSerializer.Manifests.ContainsKey(t)).Select(t => t.FullName).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_manifest_belongs_to_a_type_bound_to_the_serializer()
    {
        var unbound = ProvisionerSerializer.Manifests.Keys.Where(t => !typeof(IProvisionerMessage).IsAssignableFrom(t)).Select(t => t.FullName).ToList();
        Assert.Empty(unbound);
    }
}
