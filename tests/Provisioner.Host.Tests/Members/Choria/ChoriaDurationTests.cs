using Provisioner.Host.Members.Choria;
using Xunit;

namespace Provisioner.Host.Tests.Members.Choria;

public sealed class ChoriaDurationTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("500ms", 0.5)]
    [InlineData("1d", 86400)]
    [InlineData("1.5D", 129600)]
    [InlineData("2w", 1209600)]
    [InlineData("1M", 2592000)]
    [InlineData("1y", 31536000)]
    public void Reads_go_durations_and_choria_calendar_units(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ChoriaDuration.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("5x")]
    [InlineData("m")]
    [InlineData("1q5m")]
    [InlineData("-1d")]
    [InlineData("tend")]
    public void Refuses_what_choria_refuses(string text) => Assert.Null(ChoriaDuration.Parse(text));
}
