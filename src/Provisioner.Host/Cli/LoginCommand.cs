using System.CommandLine;
using Provisioner.Aaa.Client;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner login</c>: <c>choria login</c> against an AAA login service. The token and seed go where a Choria
/// client configuration says (<c>plugin.security.choria.token_file</c>, <c>seed_file</c>), or where the flags say; a
/// fresh seed is written before the request, as Choria does.
/// </summary>
public static class LoginCommand
{
    public static Command Create(CliWriters io)
    {
        var config = new Option<string?>("--config") { Description = "Choria client configuration naming the login URL (plugin.login.aaasvc.login.url) and the token and seed files" };
        var url = new Option<string?>("--url") { Description = "Login URL(s), comma-separated, e.g. https://aaa:8080/choria/v1/login (one is picked at random)" };
        var tokenFile = new Option<string?>("--token-file") { Description = "Where to save the token (0600)" };
        var seedFile = new Option<string?>("--seed-file") { Description = "Where to save the new ed25519 seed (0600); default the token file with extension .key" };
        var username = new Option<string?>("--username") { Description = "Who logs in; default $USER" };
        var passwordFile = new Option<string?>("--password-file") { Description = "Read the password from this file's first line instead of prompting" };
        var command = new Command("login", "Log in to an AAA service and save the client token and seed, as choria login does")
        {
            config, url, tokenFile, seedFile, username, passwordFile,
        };
        command.SetAction(async (parsed, cancellation) =>
        {
            var settings = parsed.GetValue(config) is { } configFile ? AaaCliFiles.ReadChoriaConfig(configFile) : null;
            var urls = (parsed.GetValue(url) ?? settings?.GetValueOrDefault(ClientCredentialPaths.LoginUrlKey) ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (urls.Length == 0)
            {
                throw new UsageException($"no login URL: give --url or set {ClientCredentialPaths.LoginUrlKey} in --config");
            }
            var paths = AaaCliFiles.Paths(parsed.GetValue(tokenFile), parsed.GetValue(seedFile), settings);
            var user = parsed.GetValue(username) ?? Environment.GetEnvironmentVariable("USER") ?? "";
            var password = AaaCliFiles.Password(parsed.GetValue(passwordFile), io);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            try
            {
                await LoginClient.LoginAsync(http, urls[Random.Shared.Next(urls.Length)], user, password, paths, TimeProvider.System, cancellation);
            }
            catch (AaaClientException e)
            {
                io.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Invalid;
            }
            catch (HttpRequestException e)
            {
                throw new UsageException($"could not perform the login request: {e.Message}");
            }
            io.Out.WriteLine($"Token saved to {paths.TokenFile}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
