using System.CommandLine;
using System.Net.Sockets;
using Provisioner.Host.LiveConsole.Client;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Security.Files;
using Provisioner.Security.Keys;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner cmd [host:port] [command...] [--key FILE] [--token FILE]</c>: the live console client. With a command it runs it
/// once (a streaming one until Ctrl-C); without, it opens an interactive prompt. <c>provisioner cmd keygen</c>
/// makes the Ed25519 key pair that signs commands which change the cluster; or <c>--token</c> sends the login JWT of
/// <c>provisioner login</c> with each signed command, signed by the login's seed, in place of an authorized key. Exit codes: 0 ok, 1 the command
/// failed, 2 cannot connect or bad usage.
/// </summary>
public static class CmdCommands
{
    /// <summary>The environment variable naming the key file when --key is not given.</summary>
    public const string KeyVariable = "PROVISIONER_CONSOLE_KEY";

    /// <summary>The environment variable naming the login token file when --token is not given.</summary>
    public const string TokenVariable = "PROVISIONER_CONSOLE_TOKEN";

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    public static Command Create(CliWriters io)
    {
        var key = new Option<string?>("--key") { Description = $"Ed25519 private key file (hex seed) signing the requests; default ${KeyVariable}" };
        var token = new Option<string?>("--token")
        {
            Description = $"Login JWT (provisioner login) vouching for the signing key, which is then the login's seed (--key, or the token file with .key); default ${TokenVariable}",
        };
        var words = new Argument<string[]>("command")
        {
            Description = $"[host:port] then the command's words, e.g. 127.0.0.1:{ConsoleAddress.DefaultPort} node show web1.example.net",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("cmd", "Live console of a running member: watch and steer the cluster") { key, token, words };
        command.Subcommands.Add(CreateKeygen(io));
        command.SetAction(async (pr, cancellation) =>
        {
            var (address, commandWords) = SplitAddress(pr.GetValue(words) ?? []);
            var tokenFile = pr.GetValue(token) ?? Environment.GetEnvironmentVariable(TokenVariable);
            var loginToken = LoadToken(tokenFile);
            var keyFile = pr.GetValue(key) ?? (loginToken is null ? Environment.GetEnvironmentVariable(KeyVariable) : Provisioner.Aaa.Client.ClientCredentialPaths.Resolve(tokenFile, null).SeedFile);
            using var signingKey = LoadKey(keyFile);
            ConsoleClient client;
            try
            {
                client = await ConsoleClient.ConnectAsync(address, signingKey, ConnectTimeout, cancellation, loginToken: loginToken);
            }
            catch (Exception e) when (e is SocketException or TimeoutException or IOException)
            {
                io.Error.WriteLine($"error: cannot connect to the console at {address}: {e.Message}");
                return ExitCodes.UsageOrIo;
            }
            await using (client)
            {
                try
                {
                    return commandWords.Count == 0
                        ? await InteractiveAsync(client, io, cancellation)
                        : await OnceAsync(client, commandWords, io, cancellation);
                }
                catch (IOException e)
                {
                    io.Error.WriteLine($"error: {e.Message}");
                    return ExitCodes.UsageOrIo;
                }
            }
        });
        return command;
    }

    /// <summary>The first word is the address when it looks like one (<c>host:port</c>); command words never do.</summary>
    private static (ConsoleAddress, IReadOnlyList<string>) SplitAddress(IReadOnlyList<string> words) =>
        words.Count > 0 && words[0].Contains(':') && ConsoleAddress.TryParse(words[0], out var address)
            ? (address, words.Skip(1).ToList())
            : words.Count > 0 && words[0].Contains(':')
                ? throw new UsageException($"'{words[0]}' is not a console address (host:port)")
                : (ConsoleAddress.Default, words);

    private static string? LoadToken(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }
        if (!File.Exists(path))
        {
            throw new UsageException($"token file {path} does not exist (provisioner login writes it)");
        }
        var text = File.ReadAllText(path).Trim();
        return text.Count(c => c == '.') == 2 ? text : throw new UsageException($"token file {path} does not hold a JWT");
    }

    private static Ed25519KeyPair? LoadKey(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }
        if (!File.Exists(path))
        {
            throw new UsageException($"key file {path} does not exist");
        }
        try
        {
            return Ed25519KeyPair.FromSeedHex(File.ReadAllText(path));
        }
        catch (ArgumentException)
        {
            throw new UsageException($"key file {path} does not hold an Ed25519 seed as 64 hex characters");
        }
    }

    private static async Task<int> OnceAsync(ConsoleClient client, IReadOnlyList<string> words, CliWriters io, CancellationToken cancellation)
    {
        if (words[0] == "help")
        {
            var palettes = await client.DescribeAsync(cancellation);
            var help = PaletteHelp.For(palettes, words.Skip(1).ToList());
            if (help is null)
            {
                io.Error.WriteLine($"error: no help for '{string.Join(' ', words.Skip(1))}'");
                return ExitCodes.UsageOrIo;
            }
            io.Out.Write(help);
            return ExitCodes.Ok;
        }
        var code = ExitCodes.Ok;
        await foreach (var response in client.RunAsync(words, cancellation))
        {
            ResponsePrinter.Print(response, io.Out, io.Error);
            if (response.Kind == ResponseKinds.Error)
            {
                code = ConsoleErrorCodes.IsUsage(response.Code) ? ExitCodes.UsageOrIo : ExitCodes.Invalid;
            }
        }
        return code;
    }

    private static async Task<int> InteractiveAsync(ConsoleClient client, CliWriters io, CancellationToken cancellation)
    {
        var palettes = await client.DescribeAsync(cancellation);
        var terminal = !System.Console.IsInputRedirected && !System.Console.IsOutputRedirected && io.Out == System.Console.Out;
        using ILineInput input = terminal
            ? new TerminalLineEditor(line => PaletteCompletion.Complete(palettes, line))
            : new PlainLineInput(System.Console.In);
        return await new ConsoleShell(client, palettes, input, io.Out, io.Error).RunAsync(cancellation);
    }

    private static Command CreateKeygen(CliWriters io)
    {
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite existing key files" };
        var privateFile = new Argument<string>("private-file") { Description = "Private key (hex seed) to create, mode 0600" };
        var publicFile = new Argument<string>("public-file") { Description = "Public key (hex) to create: add it to a member's authorized keys" };
        var command = new Command("keygen", "Create an Ed25519 key pair that signs console commands") { force, privateFile, publicFile };
        command.SetAction(pr =>
        {
            var privatePath = pr.GetValue(privateFile)!;
            var publicPath = pr.GetValue(publicFile)!;
            OutputFiles.EnsureWritable(pr.GetValue(force), privatePath, publicPath);
            using var pair = Ed25519KeyPair.Generate();
            SecretFile.Write(privatePath, pair.ExportSeedHex() + "\n", FileModes.Secret);
            SecretFile.Write(publicPath, pair.PublicKeyHex + "\n", FileModes.Public);
            io.Out.WriteLine($"Public Key: {pair.PublicKeyHex}");
            io.Out.WriteLine($"Private key saved in {privatePath} (give it with --key or ${KeyVariable}); add {publicPath}'s line to the member's authorized keys");
            return ExitCodes.Ok;
        });
        return command;
    }
}
