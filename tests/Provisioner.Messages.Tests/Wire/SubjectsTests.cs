using Provisioner.Messages.Wire;
using Xunit;

namespace Provisioner.Messages.Tests.Wire;

public sealed class SubjectsTests
{
    [Fact]
    public void Builds_every_provisioning_subject()
    {
        Assert.Equal("provisioning.node.n1.example.net", Subjects.NodeRequest("n1.example.net"));
        Assert.Equal("provisioning.broadcast.agent.discovery", Subjects.BroadcastAgent("discovery"));
        Assert.Equal("choria.lifecycle.event.startup.provision_mode_server", Subjects.Lifecycle("startup", "provision_mode_server"));
        Assert.Equal("provisioning.registration.data", Subjects.RegistrationData);
        Assert.StartsWith(Subjects.ReplyPrefix, Subjects.Reply("choria=x", RequestIds.New()));
    }

    [Fact]
    public void Provisioning_mode_allow_lists_are_exactly_choria_unverified_connection_lists()
    {
        Assert.Equal(
            ["provisioning.node.>", "provisioning.broadcast.agent.discovery", "provisioning.broadcast.agent.rpcutil",
             "provisioning.broadcast.agent.choria_util", "provisioning.broadcast.agent.choria_provision"],
            ProvisioningModeSubjects.Subscribe);
        Assert.Equal(["choria.lifecycle.>", "provisioning.reply.>", "provisioning.registration.>"], ProvisioningModeSubjects.Publish);
    }

    [Fact]
    public void Inboxes_lie_inside_the_subjects_their_machine_may_subscribe_to()
    {
        Assert.Equal("provisioning.node.n1.example.net.inbox", Subjects.ProvisioningInbox("n1.example.net"));
        Assert.Equal("choria.reply.17bcfb8c80731d07482059628cf13848", Subjects.ReplyInbox("node1.example.net", "choria"));
        Assert.Throws<ArgumentException>(() => Subjects.ReplyInbox("node1.example.net", "a.b"));
    }

    [Theory]
    [InlineData("", "identity is empty")]
    [InlineData(".n1", "empty segment")]
    [InlineData("n1.", "empty segment")]
    [InlineData("n1..example", "empty segment")]
    [InlineData("n1.*", "wildcards")]
    [InlineData("n1.>", "wildcards")]
    [InlineData("n1 example", "whitespace")]
    [InlineData("n1\texample", "whitespace")]
    public void Rejects_identities_that_would_break_a_subject(string identity, string reason)
    {
        Assert.Contains(reason, Subjects.IdentityProblem(identity));
        Assert.False(Subjects.IsValidIdentity(identity));
        Assert.Contains(reason, Assert.Throws<ArgumentException>(() => Subjects.NodeRequest(identity)).Message);
    }

    [Theory]
    [InlineData("n1")]
    [InlineData("n1.example.net")]
    [InlineData("web-01_a.example.net")]
    public void Accepts_ordinary_identities(string identity)
    {
        Assert.True(Subjects.IsValidIdentity(identity));
        Assert.Null(Subjects.IdentityProblem(identity));
    }

    [Fact]
    public void Agent_names_must_be_single_tokens()
    {
        Assert.Throws<ArgumentException>(() => Subjects.BroadcastAgent("a.b"));
        Assert.Throws<ArgumentException>(() => Subjects.BroadcastAgent("*"));
    }

    [Fact]
    public void Request_ids_are_fresh_32_character_lowercase_hex()
    {
        var first = RequestIds.New();

        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.NotEqual(first, RequestIds.New());
        Assert.Equal('4', first[12]);
    }
}
