using System.CommandLine;
using Provisioner.Host.Cli;
using Xunit;

namespace Provisioner.Host.Tests.Cli;

/// <summary>Whatever a command did not expect ends as one error line and exit 2; <c>--debug</c> adds the stack trace.</summary>
public sealed class UnexpectedErrorTests
{
    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = ProvisionerCli.Build(new CliWriters(output, error));
        var boom = new Command("boom", "Fails as nothing expects");
        boom.SetAction(_ => Explode());
        root.Subcommands.Add(boom);
        var code = await ProvisionerCli.RunAsync(root, args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static int Explode() => throw new InvalidCastException("the widget\nwas not a gadget");

    [Fact]
    public async Task An_unexpected_exception_is_one_line_and_exit_2()
    {
        var (code, output, error) = await Run("boom");

        Assert.Equal((ExitCodes.UsageOrIo, ""), (code, output));
        Assert.Equal($"error: the widget was not a gadget (unexpected InvalidCastException; --debug shows where){Environment.NewLine}", error);
    }

    [Fact]
    public async Task Debug_prints_the_stack_trace()
    {
        var (code, _, error) = await Run("boom", "--debug");

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.StartsWith("error: System.InvalidCastException: the widget", error);
        Assert.Contains($"at {typeof(UnexpectedErrorTests).FullName}.{nameof(Explode)}", error);
    }
}
