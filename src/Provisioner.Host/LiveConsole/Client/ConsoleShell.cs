using Provisioner.Host.LiveConsole.Protocol;

namespace Provisioner.Host.LiveConsole.Client;

/// <summary>
/// The interactive <c>provisioner cmd</c>: reads commands, answers <c>help</c> from the palettes, runs the rest
/// on the endpoint and prints their responses. A streaming command runs until Ctrl-C, then the prompt returns.
/// </summary>
public sealed class ConsoleShell(ConsoleClient client, IReadOnlyList<PaletteDescription> palettes, ILineInput input, TextWriter output, TextWriter error)
{
    /// <summary>Runs until <c>exit</c> or the end of input; returns 2 if the connection broke, else 0.</summary>
    public async Task<int> RunAsync(CancellationToken cancellation)
    {
        output.WriteLine($"connected to {client.Address}; type help for the commands, exit to leave");
        var prompt = $"{client.Address}> ";
        while (!cancellation.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = await input.ReadLineAsync(prompt, cancellation);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (line is null)
            {
                break;
            }
            var words = CommandWords.Split(line);
            if (words.Count == 0)
            {
                continue;
            }
            if (words[0] is "exit" or "quit")
            {
                break;
            }
            if (words[0] == "help")
            {
                output.Write(PaletteHelp.For(palettes, words.Skip(1).ToList()) ?? $"no help for '{string.Join(' ', words.Skip(1))}'\n");
                continue;
            }
            try
            {
                await RunCommandAsync(words, cancellation);
            }
            catch (IOException e)
            {
                error.WriteLine($"error: {e.Message}");
                return 2;
            }
        }
        return 0;
    }

    private async Task RunCommandAsync(IReadOnlyList<string> words, CancellationToken cancellation)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var watch = input.WatchInterrupt(stop.Cancel);
        await foreach (var response in client.RunAsync(words, stop.Token))
        {
            ResponsePrinter.Print(response, output, error);
        }
    }
}
