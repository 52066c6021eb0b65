using Provisioner.Host.Cli;
using Provisioner.Host.Members;
using Xunit;

namespace Provisioner.Host.Tests.Members;

/// <summary>Malformed HOCON that Akka's parser would silently accept is an error naming the file and line.</summary>
public sealed class HoconSyntaxCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hocon-syntax-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("provisioner {\n  token = \"abc\n  site = x\n}\n", "line 2: a quoted string is never closed")]
    [InlineData("provisioner {\n  site = x\n", "line 1: '{' is never closed")]
    [InlineData("provisioner {\n  features = [jwt, pki\n}\n", "line 3: '}' closes nothing ('[' of line 2 is still open)")]
    [InlineData("provisioner.site = x\n}\n", "line 2: '}' closes nothing")]
    [InlineData("provisioner.helper = \"\"\"run\n  it", "line 1: a \"\"\" string is never closed")]
    public void Finds_the_first_problem_and_its_line(string text, string problem) => Assert.Equal(problem, HoconSyntaxCheck.FirstProblem(text));

    [Theory]
    [InlineData("provisioner { site = \"a \\\" quote { [\" }\n")]
    [InlineData("# an { unclosed comment \"\nprovisioner { site = x } // and } here\n")]
    [InlineData("provisioner.helper = \"\"\"a \"quoted\" {\nmulti-line\"\"\"\nprovisioner.site = \"x\"\n")]
    [InlineData("akka.cluster.seed-nodes = [\"akka.tcp://provisioner@h:1\"]\nprovisioner.nats.url = \"nats://a:4222\"\n")]
    public void Accepts_well_formed_text(string text) => Assert.Null(HoconSyntaxCheck.FirstProblem(text));

    [Fact]
    public async Task Member_refuses_an_unterminated_string_in_one_line_with_exit_code_2()
    {
        var path = Path.Combine(_dir, "member.conf");
        File.WriteAllText(path, "provisioner {\n  token = \"abc\n  site = x\n}\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await ProvisionerCli.RunAsync(["member", "--check-config", "--config", path], output, error);

        Assert.Equal((ExitCodes.UsageOrIo, ""), (code, output.ToString()));
        Assert.Equal($"error: --config: {path} line 2: a quoted string is never closed{Environment.NewLine}", error.ToString());
    }
}
