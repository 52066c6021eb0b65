using System.Runtime.InteropServices;

namespace Provisioner.Agent.Upgrades;

/// <summary>
/// Starts the replaced executable in this process's place, as Choria's server re-execs itself after an update: same
/// process id, arguments and environment, so a supervisor such as systemd sees one service that kept running.
/// </summary>
public static partial class ProcessRelauncher
{
    /// <summary>
    /// The file <c>release_update</c> replaces: <paramref name="configured"/>, else this process's executable unless that is
    /// the shared <c>dotnet</c> host, which no release may replace (null then: the node refuses updates).
    /// </summary>
    public static string? ExecutableToReplace(string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return Path.GetFullPath(configured);
        }
        var path = Environment.ProcessPath;
        return path is null || Path.GetFileNameWithoutExtension(path) == "dotnet" ? null : path;
    }

    /// <summary>Replaces this process with <paramref name="executable"/> and this process's own arguments; returns only when that failed, with why.</summary>
    public static string Exec(string executable)
    {
        if (OperatingSystem.IsWindows())
        {
            return "a process cannot replace itself on Windows";
        }
        string?[] argv = [executable, .. Environment.GetCommandLineArgs().Skip(1), null];
        execv(executable, argv);
        return $"execv {executable}: {Marshal.GetLastPInvokeErrorMessage()}";
    }

#pragma warning disable SYSLIB1054 // LibraryImport has no built-in marshalling for a null-terminated string array.
    [DllImport("libc", SetLastError = true)]
    private static extern int execv([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPUTF8Str)] string?[] argv);
#pragma warning restore SYSLIB1054
}
