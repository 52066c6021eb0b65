using System.CommandLine;

namespace Provisioner.Host.Cli;

/// <summary>
/// The <c>provisioner</c> command line. Each command group lives in its own file and is added here;
/// parse errors exit with 2 rather than System.CommandLine's default 1, which we keep for "invalid".
/// </summary>
public static class ProvisionerCli
{
    public static RootCommand Build(CliWriters io)
    {
        var root = new RootCommand("Provisioner: zero-touch onboarding of fleet machines (Choria provisioning protocol) on an Akka.NET cluster.");
        foreach (var group in CommandGroups(io))
        {
            root.Subcommands.Add(group);
        }
        root.Options.OfType<VersionOption>().Single().Action = new PrintVersionAction(io);
        return root;
    }

    private static IEnumerable<Command> CommandGroups(CliWriters io)
    {
        yield return MemberCommand.Create(io);
        yield return ReportCommand.Create(io);
        yield return JwtCommands.Create(io);
        yield return CaCommands.Create(io);
        yield return BrokerCommands.Create(io);
        yield return CmdCommands.Create(io);
        yield return AgentCommands.Create(io);
        yield return FleetCommand.Create(io);
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation = default)
    {
        var io = new CliWriters(stdout, stderr);
        var root = Build(io);
        var parsed = root.Parse(args);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}");
            }
            await stderr.WriteLineAsync("Run with --help for usage.");
            return ExitCodes.UsageOrIo;
        }
        try
        {
            return await parsed.InvokeAsync(config, cancellation);
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.UsageOrIo;
        }
        catch (IOException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.UsageOrIo;
        }
        catch (UnauthorizedAccessException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.UsageOrIo;
        }
    }
}
