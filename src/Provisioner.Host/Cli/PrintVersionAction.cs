using System.CommandLine;
using System.CommandLine.Invocation;
using Provisioner.Actors.Telemetry;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner --version</c>: the build's version stamped from git. System.CommandLine's own action reads the entry
/// assembly, which is the test host under tests, and writes to the console rather than the command's writers.
/// </summary>
public sealed class PrintVersionAction(CliWriters io) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        io.Out.WriteLine(BuildInfo.Current.Version);
        return 0;
    }
}
