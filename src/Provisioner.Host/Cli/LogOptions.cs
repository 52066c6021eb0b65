using System.CommandLine;
using Provisioner.Host.Logging;
using Provisioner.Host.Members;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>--log-level</c>, <c>--log-format</c> and <c>--log-file</c>, the same on every command that logs: the member reads
/// them into its settings (flag, PROVISIONER_LOG_*, provisioner.log, default); the agent and the fleet simulator,
/// which have no configuration file, resolve them here (flag, PROVISIONER_LOG_*, the command's default).
/// </summary>
internal sealed class LogOptions
{
    public Option<string?> Level { get; } = new("--log-level") { Description = $"Least level logged: {string.Join(", ", LogSettings.LevelNames)} [env {ProvisionerVariables.LogLevel}]" };
    public Option<string?> Format { get; } = new("--log-format") { Description = $"Log lines as text or json (one object a line) [env {ProvisionerVariables.LogFormat}]" };
    public Option<string?> File { get; } = new("--log-file") { Description = $"Append log lines to this file instead [env {ProvisionerVariables.LogFile}]" };

    public LogOptions()
    {
        Level.AcceptOnlyFromAmong([.. LogSettings.LevelNames]);
        Format.AcceptOnlyFromAmong([.. LogSettings.FormatNames]);
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Level);
        command.Options.Add(Format);
        command.Options.Add(File);
    }

    /// <summary>The settings of a command without a configuration file; <paramref name="level"/> applies when nothing names one.</summary>
    /// <exception cref="UsageException">A PROVISIONER_LOG_* variable holds a word the flag would not accept.</exception>
    public LogSettings Resolve(ParseResult parsed, Func<string, string?> environment, Microsoft.Extensions.Logging.LogLevel level)
    {
        try
        {
            return new LogSettings(
                Parse(parsed.GetValue(Level), ProvisionerVariables.LogLevel, environment, LogSettings.ParseLevel) ?? level,
                Parse(parsed.GetValue(Format), ProvisionerVariables.LogFormat, environment, LogSettings.ParseFormat) ?? LogSettings.Default.Format,
                parsed.GetValue(File) ?? environment(ProvisionerVariables.LogFile) ?? LogSettings.Default.File);
        }
        catch (MemberConfigurationException e)
        {
            throw new UsageException(e.Problems[0]);
        }
    }

    private static T? Parse<T>(string? flag, string variable, Func<string, string?> environment, Func<string, T> parse) where T : struct =>
        flag is not null ? parse(flag) : ProvisionerSettings.Parsed(variable, environment(variable), parse);
}
