using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using Provisioner.Host.Members;
using Xunit;

namespace Provisioner.IntegrationTests.Deploy;

/// <summary>
/// deploy/provisioner-member.service cannot run here (no systemd as PID 1): systemd's own parser checks it, and what
/// it must keep true for a member to work under its hardening is checked line by line.
/// </summary>
public sealed partial class SystemdUnitTests
{
    private static string UnitPath => Path.Combine(ComposeProject.LoadAsync().GetAwaiter().GetResult().Root, "deploy", "provisioner-member.service");

    private static ILookup<string, string> Settings => File.ReadAllLines(UnitPath)
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('[') && l.Contains('='))
        .ToLookup(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);

    [Fact]
    public async Task Systemd_accepts_the_unit()
    {
        var analyze = new[] { "/usr/bin/systemd-analyze", "/bin/systemd-analyze" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("systemd-analyze is missing: apt-get install -y systemd");
        // verify also checks that ExecStart exists, which is only true on a machine it is installed on.
        var copy = Path.Combine(Directory.CreateTempSubdirectory("unit-").FullName, "provisioner-member.service");
        File.WriteAllLines(copy, File.ReadAllLines(UnitPath).Select(l => l.StartsWith("ExecStart=", StringComparison.Ordinal) ? "ExecStart=/bin/true" : l));
        var psi = new ProcessStartInfo(analyze) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("verify");
        psi.ArgumentList.Add(copy);
        using var process = Process.Start(psi)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0 && errors.Trim().Length == 0, $"systemd-analyze verify: {errors}");
        Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
    }

    [Fact]
    public void Unit_runs_a_member_unprivileged_with_its_journal_in_the_only_writable_directory()
    {
        var unit = Settings;

        Assert.Matches(@"^\S+/provisioner member --config \S+$", unit["ExecStart"].Single());
        Assert.Equal("provisioner", unit["User"].Single());
        Assert.Equal("yes", unit["NoNewPrivileges"].Single());
        Assert.Equal("strict", unit["ProtectSystem"].Single());
        Assert.Equal("yes", unit["PrivateTmp"].Single());
        Assert.Equal("on-failure", unit["Restart"].Single());
        // hocon/sqlite.conf's journal is a path relative to the working directory, which must be writable.
        var state = "/var/lib/" + unit["StateDirectory"].Single();
        Assert.Equal(state, unit["WorkingDirectory"].Single());
        Assert.Contains(state, unit["ReadWritePaths"].Single().Split(' '));
        // The JIT writes code and then runs it.
        Assert.DoesNotContain("yes", unit["MemoryDenyWriteExecute"]);
    }

    [Fact]
    public void Every_variable_the_unit_names_is_one_a_member_reads()
    {
        var known = typeof(ProvisionerVariables).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        var named = Variable().Matches(File.ReadAllText(UnitPath)).Select(m => m.Value).Distinct().ToList();

        Assert.NotEmpty(named);
        Assert.All(named, v => Assert.Contains(v, known));
        Assert.StartsWith("-/etc/provisioner/", Settings["EnvironmentFile"].Single());
    }

    [GeneratedRegex(@"PROVISIONER_[A-Z_]+")]
    private static partial Regex Variable();
}
