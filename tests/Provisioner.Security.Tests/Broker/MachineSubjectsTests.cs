using Provisioner.Messages.Wire;
using Provisioner.Security.Broker;
using Xunit;

namespace Provisioner.Security.Tests.Broker;

public sealed class MachineSubjectsTests
{
    private const string Identity = "node1.example.net";
    private const string Md5 = "17bcfb8c80731d07482059628cf13848";
    private const string Sha256 = "b318f70a3d7e66321e130b643779ca73f4494dad0783add5064b4050e0d54399";

    private static MachineCredentialRequest Request(IReadOnlyList<string>? collectives = null, ServerPermissionFlags? flags = null, IReadOnlyList<string>? pubSubjects = null, string ou = "choria") =>
        new(Identity, new string('a', 64), collectives ?? ["choria"], pubSubjects ?? [], flags ?? ServerPermissionFlags.None, ou);

    [Fact]
    public void Plain_server_gets_exactly_the_choria_provisioned_server_subjects()
    {
        var subjects = MachineSubjects.Derive(Request());

        Assert.Equal(
            ["choria.lifecycle.>", "choria.machine.transition", "choria.machine.watcher.>", "choria.reply.>", "choria.broadcast.agent.registration", "choria.federation.choria.collective"],
            subjects.Publish);
        Assert.Equal(
            ["choria.broadcast.agent.>", $"choria.node.{Identity}", $"choria.reply.{Md5}.>", $"choria.reply.{Sha256}.>"],
            subjects.Subscribe);
    }

    [Fact]
    public void Every_collective_gets_its_own_subjects_and_pub_subjects_are_added()
    {
        var subjects = MachineSubjects.Derive(Request(["one", "two"], pubSubjects: ["custom.metrics"]));

        Assert.Contains("custom.metrics", subjects.Publish);
        Assert.Contains("one.reply.>", subjects.Publish);
        Assert.Contains("choria.federation.two.collective", subjects.Publish);
        Assert.Contains($"one.node.{Identity}", subjects.Subscribe);
        Assert.Contains($"two.reply.{Md5}.>", subjects.Subscribe);
        Assert.DoesNotContain(subjects.Subscribe, s => s.StartsWith("choria.", StringComparison.Ordinal));
    }

    [Fact]
    public void No_collectives_means_no_subjects_at_all()
    {
        var subjects = MachineSubjects.Derive(Request([], pubSubjects: ["custom.metrics"]));

        Assert.Empty(subjects.Publish);
        Assert.Empty(subjects.Subscribe);
    }

    [Fact]
    public void Service_host_may_subscribe_to_service_broadcasts()
    {
        Assert.DoesNotContain("choria.broadcast.service.>", MachineSubjects.Derive(Request()).Subscribe);
        Assert.Contains("choria.broadcast.service.>", MachineSubjects.Derive(Request(flags: new(ServiceHost: true))).Subscribe);
    }

    [Fact]
    public void Submission_may_publish_into_submission()
    {
        Assert.DoesNotContain("choria.submission.in.>", MachineSubjects.Derive(Request()).Publish);
        Assert.Contains("choria.submission.in.>", MachineSubjects.Derive(Request(flags: new(Submission: true))).Publish);
    }

    [Fact]
    public void Governor_needs_streams_too()
    {
        Assert.DoesNotContain("choria.governor.*", MachineSubjects.Derive(Request(flags: new(Governor: true))).Publish);
        Assert.Contains("choria.governor.*", MachineSubjects.Derive(Request(flags: new(Governor: true, Streams: true))).Publish);
    }

    [Fact]
    public void Streams_get_the_read_apis_under_js_api_for_the_choria_ou()
    {
        var subjects = MachineSubjects.Derive(Request(flags: new(Streams: true)));

        Assert.Contains("$JS.API.STREAM.INFO.*", subjects.Publish);
        Assert.Contains("$JS.API.CONSUMER.MSG.NEXT.*.*", subjects.Publish);
        Assert.Contains("$JS.ACK.>", subjects.Publish);
        Assert.Contains("$JS.FC.>", subjects.Publish);
        Assert.Contains("choria.republish.>", subjects.Subscribe);
        Assert.DoesNotContain(subjects.Publish, s => s.StartsWith("$JS.API.STREAM.CREATE", StringComparison.Ordinal));
    }

    [Fact]
    public void Streams_use_the_choria_streams_prefix_for_another_ou()
    {
        var subjects = MachineSubjects.Derive(Request(flags: new(Streams: true), ou: "acme"));

        Assert.Contains("choria.streams.STREAM.INFO.*", subjects.Publish);
        Assert.DoesNotContain("$JS.API.STREAM.INFO.*", subjects.Publish);
        Assert.Contains("acme.republish.>", subjects.Subscribe);
    }

    [Fact]
    public void Every_grant_in_two_collectives_gives_exactly_the_choria_lists_in_order()
    {
        var subjects = MachineSubjects.Derive(Request(["one", "two"], new(Submission: true, Streams: true, Governor: true, ServiceHost: true), ["custom.metrics"], "acme"));

        string[] PerCollectivePublish(string c) => [$"{c}.reply.>", $"{c}.broadcast.agent.registration", $"choria.federation.{c}.collective", $"{c}.submission.in.>", $"{c}.governor.*"];
        string[] PerCollectiveSubscribe(string c) => [$"{c}.broadcast.agent.>", $"{c}.node.{Identity}", $"{c}.reply.{Md5}.>", $"{c}.reply.{Sha256}.>", $"{c}.broadcast.service.>"];
        Assert.Equal(
            [
                "choria.lifecycle.>", "choria.machine.transition", "choria.machine.watcher.>", "custom.metrics",
                .. PerCollectivePublish("one"), .. PerCollectivePublish("two"),
                "choria.streams.STREAM.INFO.*", "choria.streams.STREAM.MSG.GET.*", "choria.streams.STREAM.MSG.DELETE.*",
                "choria.streams.DIRECT.GET.*", "choria.streams.DIRECT.GET.*.>", "choria.streams.CONSUMER.CREATE.*",
                "choria.streams.CONSUMER.CREATE.*.>", "choria.streams.CONSUMER.DURABLE.CREATE.*.*", "choria.streams.CONSUMER.INFO.*.*",
                "choria.streams.CONSUMER.MSG.NEXT.*.*", "$JS.ACK.>", "$JS.FC.>",
            ],
            subjects.Publish);
        Assert.Equal([.. PerCollectiveSubscribe("one"), .. PerCollectiveSubscribe("two"), "acme.republish.>"], subjects.Subscribe);
    }

    [Theory]
    [InlineData(">")]
    [InlineData("node.*")]
    [InlineData("node 1")]
    [InlineData("node..1")]
    [InlineData("")]
    public void Rejects_an_identity_that_would_widen_the_subjects(string identity)
    {
        var error = Assert.Throws<FormatException>(() => MachineSubjects.Derive(Request() with { Identity = identity }));

        Assert.StartsWith("identity:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("*")]
    [InlineData(">")]
    public void Rejects_a_collective_that_is_not_one_subject_token(string collective)
    {
        var error = Assert.Throws<FormatException>(() => MachineSubjects.Derive(Request([collective])));

        Assert.StartsWith("collectives:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reply_inbox_prefix_lies_inside_the_machines_reply_subjects()
    {
        var inbox = Subjects.ReplyInbox(Identity, "choria");

        Assert.Equal($"choria.reply.{Md5}", inbox);
        Assert.Contains($"{inbox}.>", MachineSubjects.Derive(Request()).Subscribe);
    }
}
