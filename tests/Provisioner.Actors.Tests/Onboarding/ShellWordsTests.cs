using Provisioner.Actors.Onboarding;
using Provisioner.Actors.Onboarding.Helper;
using Xunit;

namespace Provisioner.Actors.Tests.Onboarding;

public sealed class ShellWordsTests
{
    [Fact]
    public void Splits_on_runs_of_whitespace()
    {
        Assert.Equal(["/usr/bin/helper", "--mode", "x509"], ShellWords.Split("  /usr/bin/helper \t--mode   x509\n"));
    }

    [Fact]
    public void Keeps_single_quoted_text_literally()
    {
        Assert.Equal(["helper", "a b \\n $HOME \"q\""], ShellWords.Split("helper 'a b \\n $HOME \"q\"'"));
    }

    [Fact]
    public void Unescapes_only_shell_specials_inside_double_quotes()
    {
        Assert.Equal(["say \"hi\" \\ $x \\n"], ShellWords.Split("\"say \\\"hi\\\" \\\\ \\$x \\n\""));
    }

    [Fact]
    public void Keeps_an_escaped_space_inside_the_word()
    {
        Assert.Equal(["/opt/my helper/run", "arg"], ShellWords.Split("/opt/my\\ helper/run arg"));
    }

    [Fact]
    public void Joins_adjacent_quoted_and_bare_parts_into_one_word()
    {
        Assert.Equal(["--name=a b'c"], ShellWords.Split("--name='a b'\"'\"c"));
    }

    [Fact]
    public void Keeps_an_empty_quoted_word()
    {
        Assert.Equal(["helper", "", "x"], ShellWords.Split("helper '' x"));
    }

    [Fact]
    public void Returns_no_words_for_blank_text()
    {
        Assert.Empty(ShellWords.Split(" \t "));
    }

    [Theory]
    [InlineData("helper 'open", "unterminated single quote at position 7")]
    [InlineData("helper \"open \\\"", "unterminated double quote at position 7")]
    [InlineData("helper end\\", "trailing backslash at position 10")]
    public void Rejects_unbalanced_quoting_naming_the_position(string commandLine, string message)
    {
        var error = Assert.Throws<FormatException>(() => ShellWords.Split(commandLine));
        Assert.Equal(message, error.Message);
    }
}
