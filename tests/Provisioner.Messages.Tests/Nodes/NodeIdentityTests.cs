using Provisioner.Messages.Nodes;
using Xunit;

namespace Provisioner.Messages.Tests.Nodes;

public sealed class NodeIdentityTests
{
    [Fact]
    public void Accepts_an_identity_of_exactly_253_bytes()
    {
        var identity = Dns(253);
        Assert.Equal(253, identity.Length);
        Assert.Null(NodeIdentity.Problem(identity));
    }

    [Fact]
    public void Refuses_an_identity_of_254_bytes_naming_its_length()
    {
        Assert.Equal($"identity '{Dns(254)[..64]}...' is 254 bytes long; at most 253 are allowed", NodeIdentity.Problem(Dns(254)));
    }

    [Fact]
    public void Counts_bytes_not_characters()
    {
        // 127 two-byte characters are 254 bytes: too long, though only 127 characters.
        Assert.Contains("is 254 bytes long", NodeIdentity.Problem(new string('é', 127)));
    }

    [Fact]
    public void Quotes_at_most_64_characters_of_a_5000_character_identity()
    {
        var problem = NodeIdentity.Problem(new string('a', 5000))!;
        Assert.Contains("is 5000 bytes long", problem);
        Assert.True(problem.Length < 150, problem);
    }

    [Theory]
    [InlineData("", "identity is empty")]
    [InlineData(null, "identity is empty")]
    [InlineData("n1.*", "identity 'n1.*' must not contain the NATS wildcards '*' or '>'")]
    [InlineData("n1.>", "identity 'n1.>' must not contain the NATS wildcards '*' or '>'")]
    [InlineData("*", "identity '*' must not contain the NATS wildcards '*' or '>'")]
    [InlineData("n1 example", "identity 'n1 example' must not contain whitespace or control characters")]
    [InlineData("n1\texample", "identity 'n1?example' must not contain whitespace or control characters")]
    [InlineData("n1\r\nPUB x 1", "identity 'n1??PUB x 1' must not contain whitespace or control characters")]
    [InlineData("n1/example", "identity 'n1/example' has the character '/'; only letters, digits, '-', '_' and '.' are allowed")]
    [InlineData("n1:4222", "identity 'n1:4222' has the character ':'; only letters, digits, '-', '_' and '.' are allowed")]
    [InlineData("nöde.example", "identity 'nöde.example' has the character 'ö'; only letters, digits, '-', '_' and '.' are allowed")]
    [InlineData(".n1", "identity '.n1' has an empty segment (leading, trailing or doubled '.')")]
    [InlineData("n1.", "identity 'n1.' has an empty segment (leading, trailing or doubled '.')")]
    [InlineData("n1..example", "identity 'n1..example' has an empty segment (leading, trailing or doubled '.')")]
    public void Refuses_identities_that_break_the_rule_with_the_reason(string? identity, string problem)
    {
        Assert.Equal(problem, NodeIdentity.Problem(identity));
        Assert.False(NodeIdentity.IsValid(identity));
        Assert.Equal(problem + " (Parameter 'identity')", Assert.Throws<ArgumentException>(() => NodeIdentity.Ensure(identity)).Message);
    }

    [Theory]
    [InlineData("n1")]
    [InlineData("n1.example.net")]
    [InlineData("web-01_a.example.net")]
    [InlineData("N1.EXAMPLE.NET")]
    public void Accepts_dns_names_with_underscores(string identity)
    {
        Assert.Null(NodeIdentity.Problem(identity));
        Assert.True(NodeIdentity.IsValid(identity));
    }

    // Labels of up to 63 characters joined by dots, exactly `length` long.
    private static string Dns(int length)
    {
        var labels = new List<string>();
        var left = length;
        while (left > 0)
        {
            var take = Math.Min(63, left);
            if (left - take == 1) take--;
            labels.Add(new string('a', take));
            left -= take + 1;
        }
        return string.Join('.', labels);
    }
}
