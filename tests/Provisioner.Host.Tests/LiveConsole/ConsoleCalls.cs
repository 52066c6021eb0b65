using Provisioner.Host.LiveConsole.Client;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Security.Keys;

namespace Provisioner.Host.Tests.LiveConsole;

/// <summary>Runs one command through the real client and keeps every response.</summary>
public static class ConsoleCalls
{
    public static async Task<List<ConsoleResponse>> RunAsync(ConsoleAddress address, params string[] words) => await RunAsync(address, null, words);

    public static async Task<List<ConsoleResponse>> RunAsync(ConsoleAddress address, Ed25519KeyPair? key, params string[] words)
    {
        await using var client = await ConsoleClient.ConnectAsync(address, key, TimeSpan.FromSeconds(10), CancellationToken.None);
        var responses = new List<ConsoleResponse>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var response in client.RunAsync(words, timeout.Token))
        {
            responses.Add(response);
        }
        return responses;
    }

    /// <summary>The text of the line responses.</summary>
    public static List<string> Lines(this IEnumerable<ConsoleResponse> responses) =>
        responses.Where(r => r.Kind == ResponseKinds.Line).Select(r => r.Text!).ToList();

    /// <summary>The rows of the (first) table response.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(this IEnumerable<ConsoleResponse> responses) =>
        responses.First(r => r.Kind == ResponseKinds.Table).Rows!;

    /// <summary>The value column of a field/value table.</summary>
    public static string Field(this IEnumerable<ConsoleResponse> responses, string field) =>
        responses.Rows().Single(r => r[0] == field)[1];

    public static ConsoleResponse Final(this IEnumerable<ConsoleResponse> responses) => responses.Last();
}
