using Xunit;
using Provisioner.Security.Tokens;

namespace Provisioner.Security.Tests.Tokens;

public class KsuidTests
{
    [Fact]
    public void New_ksuid_is_27_base62_characters_and_carries_its_time()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1_700_000_123);
        var id = Ksuid.New(at);
        var text = id.ToString();
        Assert.Equal(27, text.Length);
        Assert.All(text, c => Assert.True(char.IsAsciiLetterOrDigit(c)));
        Assert.Equal(at, Ksuid.Parse(text).Time);
    }

    [Fact]
    public void Parses_a_ksuid_made_by_the_reference_implementation()
    {
        // Example from segmentio/ksuid's README: 0ujtsYcgvSTl8PAuAdqWYSMnLOv is 2017-10-09 21:00:47 -0700.
        var id = Ksuid.Parse("0ujtsYcgvSTl8PAuAdqWYSMnLOv");
        Assert.Equal(DateTimeOffset.Parse("2017-10-10T04:00:47Z"), id.Time);
        Assert.Equal("0ujtsYcgvSTl8PAuAdqWYSMnLOv", id.ToString());
    }

    [Fact]
    public void Two_ksuids_at_the_same_second_differ()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        Assert.NotEqual(Ksuid.New(at), Ksuid.New(at));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0ujtsYcgvSTl8PAuAdqWYSMnLO")]
    [InlineData("0ujtsYcgvSTl8PAuAdqWYSMnLO!")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    public void Rejects_text_that_is_not_a_ksuid(string text)
    {
        Assert.False(Ksuid.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Ksuid.Parse(text));
    }

    [Fact]
    public void Refuses_times_before_the_ksuid_epoch()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ksuid.New(DateTimeOffset.FromUnixTimeSeconds(1_000_000_000)));
    }
}
