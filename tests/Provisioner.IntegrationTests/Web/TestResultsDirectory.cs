namespace Provisioner.IntegrationTests.Web;

/// <summary>Where tests keep artefacts for a person to look at: TestResults/ at the repository root (ignored by git).</summary>
public static class TestResultsDirectory
{
    public static string PathOf(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Provisioner.sln")))
            {
                var results = Directory.CreateDirectory(Path.Combine(dir.FullName, "TestResults"));
                return Path.Combine(results.FullName, fileName);
            }
        }
        throw new InvalidOperationException($"no Provisioner.sln above {AppContext.BaseDirectory}");
    }
}
