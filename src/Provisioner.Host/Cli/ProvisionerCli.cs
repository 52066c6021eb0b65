using System.CommandLine;

namespace Provisioner.Host.Cli;

/// <summary>
/// The <c>provisioner</c> command line. Each command group lives in its own file and is added here;
/// parse errors exit with 2 rather than System.CommandLine's default 1, which we keep for "invalid".
/// Whatever fails ends as one <c>error:</c> line and exit 2; <c>--debug</c> adds the stack trace.
/// </summary>
public static class ProvisionerCli
{
    /// <summary><c>--debug</c>, on every command: the stack trace of an unexpected error (and the agent's debug lines).</summary>
    internal static readonly Option<bool> Debug = new("--debug") { Description = "Print the stack trace of an unexpected error", Recursive = true };

    public static RootCommand Build(CliWriters io)
    {
        var root = new RootCommand("Provisioner: zero-touch onboarding of fleet machines (Choria provisioning protocol) on an Akka.NET cluster.");
        root.Options.Add(Debug);
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
        yield return UpgradesCommands.Create(io);
        yield return LoginCommand.Create(io);
        yield return AaaCommands.Create(io);
    }

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation = default) =>
        RunAsync(Build(new CliWriters(stdout, stderr)), args, stdout, stderr, cancellation);

    /// <summary>Runs <paramref name="root"/> (from <see cref="Build"/>, perhaps with more commands) with this CLI's error handling.</summary>
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation = default)
    {
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        if (args.Length == 0)
        {
            // No command: the overview of commands is what the operator is looking for.
            return await root.Parse(["--help"]).InvokeAsync(config, cancellation);
        }
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var message in parsed.Errors.Select(e => ParseErrorText.Of(e.Message)).Distinct())
            {
                await stderr.WriteLineAsync($"error: {message}");
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
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await stderr.WriteLineAsync(parsed.GetValue(Debug)
                ? $"error: {e}"
                : $"error: {e.Message.ReplaceLineEndings(" ")} (unexpected {e.GetType().Name}; --debug shows where)");
            return ExitCodes.UsageOrIo;
        }
    }
}
