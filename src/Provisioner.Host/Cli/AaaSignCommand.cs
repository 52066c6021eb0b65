using System.CommandLine;
using System.Text.Json;
using NATS.Client.Core;
using Provisioner.Aaa.Client;
using Provisioner.Messages.Wire;
using Provisioner.Security.Keys;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner aaa sign --agent A --action X</c>: builds a Choria request as the logged-in user, signs it with the
/// login seed, has the AAA service sign it (the <c>aaa_signer</c> NATS service with <c>--nats</c>, or HTTP with
/// <c>--url</c>) and prints the secure request JSON. Exit 1 when the service denies it.
/// </summary>
internal static class AaaSignCommand
{
    public static Command Create(CliWriters io)
    {
        var agent = new Option<string>("--agent") { Description = "The agent, e.g. rpcutil", Required = true };
        var action = new Option<string>("--action") { Description = "The action, e.g. ping", Required = true };
        var data = new Option<string>("--data") { Description = "The action's input as a JSON object", DefaultValueFactory = _ => "{}" };
        var collective = new Option<string>("--collective") { Description = "The collective", DefaultValueFactory = _ => "choria" };
        var config = new Option<string?>("--config") { Description = "Choria client configuration naming the token and seed files" };
        var tokenFile = new Option<string?>("--token-file") { Description = "The login token" };
        var seedFile = new Option<string?>("--seed-file") { Description = "The login seed; default the token file with extension .key" };
        var nats = new Option<string?>("--nats") { Description = "Sign through the aaa_signer service on this NATS server" };
        var url = new Option<string?>("--url") { Description = "Sign over HTTP at this URL, e.g. http://aaa:8080/choria/v1/sign" };
        var command = new Command("sign", "Have the AAA service sign a request and print the secure request")
        {
            agent, action, data, collective, config, tokenFile, seedFile, nats, url,
        };
        command.SetAction(async (parsed, cancellation) =>
        {
            var settings = parsed.GetValue(config) is { } configFile ? AaaCliFiles.ReadChoriaConfig(configFile) : null;
            var paths = AaaCliFiles.Paths(parsed.GetValue(tokenFile), parsed.GetValue(seedFile), settings);
            var token = AaaCliFiles.ReadText(paths.TokenFile, "--token-file");
            Ed25519KeyPair seed;
            try
            {
                seed = Ed25519KeyPair.FromSeedHex(AaaCliFiles.ReadText(paths.SeedFile, "--seed-file"));
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--seed-file: {paths.SeedFile}: {e.Message}");
            }
            using var _ = seed;
            JsonElement input;
            try
            {
                input = RpcData.Parse(parsed.GetValue(data)!);
            }
            catch (Exception e) when (e is JsonException or ChoriaProtocolException or ArgumentException)
            {
                throw new UsageException($"--data: not a JSON object: {e.Message}");
            }
            string callerId;
            try
            {
                callerId = Provisioner.Aaa.Tokens.ClientTokens.ReadUnverified(token).CallerId ?? "";
            }
            catch (Provisioner.Security.Tokens.TokenException e)
            {
                throw new UsageException($"--token-file: {paths.TokenFile}: {e.Message}");
            }
            var request = ClientRequests.Build(parsed.GetValue(agent)!, parsed.GetValue(action)!, input, callerId, Environment.MachineName, parsed.GetValue(collective)!, TimeProvider.System);
            try
            {
                var secure = parsed.GetValue(nats) is { } natsUrl
                    ? await ViaNatsAsync(natsUrl, parsed.GetValue(collective)!, request, token, seed, cancellation)
                    : parsed.GetValue(url) is { } httpUrl
                        ? await ViaHttpAsync(httpUrl, request, token, seed, cancellation)
                        : throw new UsageException("give --nats (the aaa_signer service) or --url (the HTTP signer)");
                io.Out.WriteLine(secure);
                return ExitCodes.Ok;
            }
            catch (AaaClientException e)
            {
                io.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Invalid;
            }
        });
        return command;
    }

    private static async Task<string> ViaNatsAsync(string url, string collective, string request, string token, Ed25519KeyPair seed, CancellationToken cancellation)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = url, Name = "provisioner-aaa-sign" });
        try
        {
            await nats.ConnectAsync();
        }
        catch (NatsException e)
        {
            throw new UsageException($"--nats: cannot connect to {url}: {e.Message}");
        }
        return await new AaaSignerClient(nats, collective, Environment.MachineName, TimeProvider.System).SignAsync(request, token, seed, cancellation);
    }

    private static async Task<string> ViaHttpAsync(string url, string request, string token, Ed25519KeyPair seed, CancellationToken cancellation)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        return await HttpSignerClient.SignAsync(http, url, request, token, seed, cancellation);
    }
}
