using System.Text.Json;
using Provisioner.Messages.Nodes;
using Xunit;

namespace Provisioner.Messages.Tests.Nodes;

public sealed class AttemptTriggerTests
{
    [Theory]
    [InlineData("event", AttemptTriggerKind.LifecycleEvent, null)]
    [InlineData("discovery", AttemptTriggerKind.Discovery, null)]
    [InlineData("operator:console", AttemptTriggerKind.Operator, "console")]
    [InlineData("operator:", AttemptTriggerKind.Operator, "")]
    public void Stored_text_reads_as_its_kind_and_writes_back_unchanged(string text, AttemptTriggerKind kind, string? requestedBy)
    {
        var trigger = JsonSerializer.Deserialize<AttemptTrigger>($"\"{text}\"");
        Assert.Equal(kind, trigger.Kind);
        Assert.Equal(requestedBy, trigger.RequestedBy);
        Assert.Equal($"\"{text}\"", JsonSerializer.Serialize(trigger));
    }

    [Theory]
    [InlineData("Event")]
    [InlineData("")]
    [InlineData("sweep")]
    public void Text_this_system_never_wrote_is_refused_by_name(string text)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AttemptTrigger>($"\"{text}\""));
        Assert.Equal($"unknown attempt trigger '{text}'", error.Message);
    }
}
