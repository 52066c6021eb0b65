using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests;

[CollectionDefinition(NatsServerFixture.Collection)]
public sealed class NatsCollection : ICollectionFixture<NatsServerFixture>;
