using Provisioner.Agent.Config;
using Xunit;

namespace Provisioner.Agent.Tests.Config;

public sealed class ServerConfigTests
{
    [Fact]
    public void Reads_settings_skipping_comments_and_blank_lines_with_later_lines_winning()
    {
        var config = ServerConfig.Parse("# header\n\nidentity = n1.example.net\r\n  collectives=choria, lab \nidentity=n2.example.net\nempty =\n", "test");

        Assert.Equal("n2.example.net", config.Get("identity"));
        Assert.Equal(["choria", "lab"], config.GetList("collectives"));
        Assert.True(config.HasOption("empty"));
        Assert.Null(config.Get("empty"));
        Assert.Null(config.Get("missing"));
    }

    [Theory]
    [InlineData("no equals sign here", "test line 1: expected 'key = value', found no '='")]
    [InlineData("a=b\n = value", "test line 2: the key before '=' is empty")]
    public void Refuses_lines_that_are_not_settings(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<ServerConfigException>(() => ServerConfig.Parse(text, "test")).Message);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("Yes", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("no", false)]
    [InlineData("0", false)]
    public void Reads_booleans_in_choria_spellings(string value, bool expected)
    {
        Assert.Equal(expected, ServerConfig.Parse($"flag = {value}", "test").GetBool("flag"));
    }

    [Fact]
    public void Refuses_a_boolean_that_is_neither()
    {
        var error = Assert.Throws<ServerConfigException>(() => ServerConfig.Parse("flag = maybe", "test").GetBool("flag"));

        Assert.Contains("'maybe' is not a boolean", error.Message);
    }
}
