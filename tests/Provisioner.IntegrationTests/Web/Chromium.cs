namespace Provisioner.IntegrationTests.Web;

/// <summary>
/// Debian's chromium (./scripts/install-deps.sh chromium), which Playwright drives by its path: nothing downloads a
/// browser of its own. PROVISIONER_CHROMIUM names another executable.
/// </summary>
public static class Chromium
{
    private static readonly string[] Candidates = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];

    /// <exception cref="InvalidOperationException">No chromium is installed.</exception>
    public static string ExecutablePath()
    {
        if (Environment.GetEnvironmentVariable("PROVISIONER_CHROMIUM") is { Length: > 0 } named)
        {
            return File.Exists(named) ? named : throw new InvalidOperationException($"PROVISIONER_CHROMIUM names {named}, which does not exist");
        }
        return Candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"chromium is not installed (looked at {string.Join(", ", Candidates)}): run ./scripts/install-deps.sh chromium");
    }
}
