using Provisioner.Aaa.Client;

namespace Provisioner.Host.Cli;

/// <summary>The files the AAA client commands read: the Choria client configuration, the token and seed paths, a password.</summary>
internal static class AaaCliFiles
{
    public static IReadOnlyDictionary<string, string> ReadChoriaConfig(string path)
    {
        try
        {
            return ClientCredentialPaths.ReadChoriaConfig(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--config: cannot read {path}: {e.Message}");
        }
    }

    public static ClientCredentialPaths Paths(string? tokenFile, string? seedFile, IReadOnlyDictionary<string, string>? config)
    {
        try
        {
            return ClientCredentialPaths.Resolve(tokenFile, seedFile, config);
        }
        catch (AaaClientException e)
        {
            throw new UsageException($"{e.Message}: give --token-file or set {ClientCredentialPaths.TokenFileKey} in --config");
        }
    }

    /// <summary>The first line of <paramref name="file"/>, or a line typed at the <c>Password: </c> prompt.</summary>
    public static string Password(string? file, CliWriters io)
    {
        if (file is not null)
        {
            try
            {
                return File.ReadLines(file).FirstOrDefault() ?? "";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--password-file: cannot read {file}: {e.Message}");
            }
        }
        io.Error.Write("Password: ");
        return Console.In.ReadLine() ?? throw new UsageException("no password given on standard input");
    }

    public static string ReadText(string path, string option)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option}: cannot read {path}: {e.Message}");
        }
    }
}
