namespace Provisioner.Actors.Tests.Onboarding;

/// <summary>Executable bash helpers written into a temporary directory, removed after the test.</summary>
public sealed class HelperScripts : IDisposable
{
    public HelperScripts()
    {
        Directory = Path.Combine(Path.GetTempPath(), "helper-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>Writes <paramref name="body"/> as an executable bash script and returns its path.</summary>
    public string Write(string name, string body)
    {
        var path = PathOf(name);
        File.WriteAllText(path, "#!/bin/bash\n" + body + "\n");
        // The helper tests run bash scripts, so they target Unix; the guard only satisfies the platform analyzer.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A killed helper's child may still be closing files; the temp directory is cleaned by the OS later.
        }
    }
}
