using Xunit;

namespace Provisioner.Host.Tests.LiveConsole;

/// <summary>The console tests that share one running member (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleMemberCollection : ICollectionFixture<ConsoleMemberFixture>
{
    public const string Name = "console member";
}
