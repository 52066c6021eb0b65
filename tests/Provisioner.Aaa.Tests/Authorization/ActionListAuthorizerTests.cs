using Provisioner.Aaa.Authorization;

namespace Provisioner.Aaa.Tests.Authorization;

public sealed class ActionListAuthorizerTests
{
    [Theory]
    [InlineData(new[] { "rpcutil.*" }, "rpcutil", "ping", true)]
    [InlineData(new[] { "puppet.status" }, "puppet", "status", true)]
    [InlineData(new[] { "puppet.status" }, "puppet", "enable", false)]
    [InlineData(new[] { "*" }, "anything", "at_all", true)]
    [InlineData(new string[0], "rpcutil", "ping", false)]
    [InlineData(new[] { "rpc*.ping" }, "rpcutil", "ping", false)]
    [InlineData(new[] { "rpcutil.ping", "puppet.*" }, "puppet", "disable", true)]
    [InlineData(new[] { "other.*" }, "discovery", "ping", true)]
    public void Decides_by_the_first_matching_entry(string[] entries, string agent, string action, bool allowed) =>
        Assert.Equal(allowed, ActionListAuthorizer.Decide(entries, agent, action).Allowed);

    [Fact]
    public void An_entry_without_exactly_one_dot_is_an_invalid_policy_that_denies_at_once()
    {
        var decision = ActionListAuthorizer.Decide(["puppet", "*"], "rpcutil", "ping");

        Assert.False(decision.Allowed);
        Assert.True(decision.IsError);
        Assert.Equal("invalid agent policy: puppet", decision.Reason);
    }

    [Fact]
    public void No_agents_claim_denies() => Assert.False(ActionListAuthorizer.Decide(null, "rpcutil", "ping").Allowed);
}
