using Xunit;
using Provisioner.Security.Tokens;

namespace Provisioner.Security.Tests.Tokens;

public class HumanDurationTests
{
    [Theory]
    [InlineData("1y", 365 * 86400)]
    [InlineData("30d", 30 * 86400)]
    [InlineData("2w", 14 * 86400)]
    [InlineData("12h", 12 * 3600)]
    [InlineData("1m", 60)]
    [InlineData("45s", 45)]
    [InlineData("1h30m", 5400)]
    [InlineData(" 1.5h ", 5400)]
    public void Parses_choria_style_durations(string text, long seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), HumanDuration.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("y")]
    [InlineData("10x")]
    [InlineData("1y2")]
    [InlineData("-1d")]
    public void Rejects_text_that_is_not_a_duration_with_a_reason(string text)
    {
        Assert.False(HumanDuration.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Throws<FormatException>(() => HumanDuration.Parse(text));
    }
}
