using Provisioner.Testing;

namespace Provisioner.Aaa.Tests;

[CollectionDefinition(NatsServerFixture.Collection)]
public sealed class NatsCollection : ICollectionFixture<NatsServerFixture>;
