using Xunit;

namespace Provisioner.IntegrationTests.Broker;

[CollectionDefinition(Name)]
public sealed class BrokerCollection : ICollectionFixture<BrokerFixture>
{
    public const string Name = "broker";
}
