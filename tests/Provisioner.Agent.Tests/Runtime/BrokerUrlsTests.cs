using Provisioner.Agent.Runtime;
using Xunit;

namespace Provisioner.Agent.Tests.Runtime;

/// <summary>Broker URLs written as Go's connector shows them.</summary>
public sealed class BrokerUrlsTests
{
    [Theory]
    [InlineData("nats://broker.example.net:4222", "broker.example.net:4222")]
    [InlineData("tls://broker.example.net", "broker.example.net:4222")]
    [InlineData("broker.example.net:4333", "broker.example.net:4333")]
    public void Host_port_fills_in_the_scheme_and_the_default_port(string address, string expected) =>
        Assert.Equal(expected, BrokerUrls.HostPort(address));

    [Theory]
    [InlineData("", "nats://b.example.net:4222")]
    [InlineData("user:secret", "nats://user:xxxxx@b.example.net:4222")]
    [InlineData("s3cr3t-token", "nats://xxxxx@b.example.net:4222")]
    public void Redacted_hides_passwords_and_tokens(string userInfo, string expected) =>
        Assert.Equal(expected, BrokerUrls.Redacted("nats", userInfo, "b.example.net", 4222));
}
