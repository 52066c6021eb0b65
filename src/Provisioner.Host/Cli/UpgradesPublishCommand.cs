using System.CommandLine;
using Provisioner.Agent.Upgrades;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner upgrades publish --dir D --version V [--os OS] [--arch ARCH] FILE</c>: adds FILE to the repository in D in
/// the layout Choria's updater reads (<c>V/OS/ARCH/release.json</c> beside the bzip2-compressed binary); any static
/// HTTP server then serves D as <c>upgrades_repository</c>.
/// </summary>
internal static class UpgradesPublishCommand
{
    public static Command Create(CliWriters io)
    {
        var dir = new Option<string>("--dir") { Description = "The repository directory (created when missing)", Required = true };
        var version = new Option<string>("--version") { Description = "The release's version, as the helper's upgrade field names it", Required = true };
        var os = new Option<string>("--os") { Description = $"Go's name of the operating system (default {ReleasePlatform.Current.OperatingSystem})" };
        var arch = new Option<string>("--arch") { Description = $"Go's name of the architecture (default {ReleasePlatform.Current.Architecture})" };
        var file = new Argument<string>("file") { Description = "The executable to publish" };
        var command = new Command("publish", "Add an executable to a release repository") { dir, version, os, arch, file };
        command.SetAction(pr =>
        {
            var binary = pr.GetValue(file)!;
            if (!File.Exists(binary))
            {
                throw new UsageException($"{binary} does not exist");
            }
            var release = pr.GetValue(version)!;
            if (ReleaseRepositoryLayout.VersionProblem(release) is { } problem)
            {
                throw new UsageException($"--version: '{release}' {problem}");
            }
            var platform = new ReleasePlatform(
                PlatformName("--os", pr.GetValue(os)) ?? ReleasePlatform.Current.OperatingSystem,
                PlatformName("--arch", pr.GetValue(arch)) ?? ReleasePlatform.Current.Architecture);
            var spec = ReleasePublisher.Publish(pr.GetValue(dir)!, release, binary, platform);
            io.Out.WriteLine($"Published {binary} as {release} for {platform}: {spec}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string? PlatformName(string option, string? value)
    {
        if (value is null)
        {
            return null;
        }
        if (value.Length == 0 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new UsageException($"{option}: '{value}' must be a name such as linux or amd64");
        }
        return value;
    }
}
