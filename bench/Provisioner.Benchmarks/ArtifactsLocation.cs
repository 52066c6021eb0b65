namespace Provisioner.Benchmarks;

/// <summary>
/// Where BenchmarkDotNet writes its reports: <c>bench/results/benchmarks</c> of the checkout (git-ignored), so a
/// run from the repository root leaves no untracked folder behind; outside a checkout, beside the working directory.
/// </summary>
public static class ArtifactsLocation
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Provisioner.sln")))
            {
                return Path.Combine(dir.FullName, "bench", "results", "benchmarks");
            }
        }
        return Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts");
    }
}
