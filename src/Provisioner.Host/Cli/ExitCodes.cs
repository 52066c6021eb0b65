namespace Provisioner.Host.Cli;

/// <summary>The exit codes every <c>provisioner</c> command uses.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked, or the thing checked is valid.</summary>
    public const int Ok = 0;

    /// <summary>The thing checked (a token, a signature, a node) is invalid.</summary>
    public const int Invalid = 1;

    /// <summary>Bad usage, or a file or network error.</summary>
    public const int UsageOrIo = 2;
}
