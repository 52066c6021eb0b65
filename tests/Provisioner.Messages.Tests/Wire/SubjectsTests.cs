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
    [InlineData("n1.*", "wildcards")]
    [InlineData("n1 example", "whitespace")]
    public void Node_subjects_refuse_identities_that_break_the_identity_rule(string identity, string reason)
    {
        Assert.Contains(reason, Assert.Throws<ArgumentException>(() => Subjects.NodeRequest(identity)).Message);
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
