using System.Reflection;
using Provisioner.Host.Cli;
using Xunit;

namespace Provisioner.Host.Tests.Cli;

public sealed class VersionOptionTests
{
    [Fact]
    public async Task Version_prints_the_informational_version_stamped_into_the_provisioner_assembly()
    {
        var stamped = typeof(ProvisionerCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await ProvisionerCli.RunAsync(["--version"], output, error);

        Assert.Equal(0, code);
        Assert.Equal(stamped, output.ToString().Trim());
        Assert.NotEqual("1.0.0", stamped);
        Assert.Equal("", error.ToString());
    }
}
