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
        string[] arguments = [executable, .. Environment.GetCommandLineArgs().Skip(1)];
        // The runtime marshals no array of UTF-8 strings: argv is built by hand, null-terminated as execv(2) wants it.
        var argv = new IntPtr[arguments.Length + 1];
        try
        {
            for (var i = 0; i < arguments.Length; i++)
            {
                argv[i] = Marshal.StringToCoTaskMemUTF8(arguments[i]);
            }
            execv(executable, argv);
            return $"execv {executable}: {Marshal.GetLastPInvokeErrorMessage()}";
        }
        finally
        {
            foreach (var pointer in argv)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

#pragma warning disable SYSLIB1054 // LibraryImport's generator needs unsafe code in this project; a DllImport of blittable arguments needs none.
    [DllImport("libc", SetLastError = true)]
    private static extern int execv([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr[] argv);
#pragma warning restore SYSLIB1054
}
