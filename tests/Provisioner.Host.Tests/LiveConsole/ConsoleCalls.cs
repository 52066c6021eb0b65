using Provisioner.Host.LiveConsole.Client;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Security.Keys;
using Xunit;

namespace Provisioner.Host.Tests.LiveConsole;

/// <summary>Runs one command through the real client and keeps every response.</summary>
public static class ConsoleCalls
{
    public static async Task<List<ConsoleResponse>> RunAsync(ConsoleAddress address, params string[] words) => await RunAsync(address, null, words);

    public static async Task<List<ConsoleResponse>> RunAsync(ConsoleAddress address, Ed25519KeyPair? key, params string[] words)
    {
        await using var client = await ConnectAsync(address, key);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await client.CollectAsync(words, timeout.Token);
    }

    /// <summary>A client of a console that is expected to be up (it answers within seconds).</summary>
    public static Task<ConsoleClient> ConnectAsync(ConsoleAddress address, Ed25519KeyPair? key = null) =>
        ConsoleClient.ConnectAsync(address, key, TimeSpan.FromSeconds(10), CancellationToken.None);

    /// <summary>Runs one command on an open client and keeps every response.</summary>
    public static async Task<List<ConsoleResponse>> CollectAsync(this ConsoleClient client, IReadOnlyList<string> words, CancellationToken cancellation)
    {
        var responses = new List<ConsoleResponse>();
        await foreach (var response in client.RunAsync(words, cancellation))
        {
            responses.Add(response);
        }
        return responses;
    }

    /// <summary>The text of the line responses.</summary>
    public static List<string> Lines(this IEnumerable<ConsoleResponse> responses) =>
        responses.Where(r => r.Kind == ResponseKinds.Line).Select(r => r.Text!).ToList();

    /// <summary>The rows of the (first) table response.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(this IEnumerable<ConsoleResponse> responses)
    {
        var all = responses.ToList();
        return all.FirstOrDefault(r => r.Kind == ResponseKinds.Table)?.Rows
            ?? throw new Xunit.Sdk.XunitException($"no table in the responses: {string.Join(" | ", all.Select(r => $"{r.Kind} {r.Code} {r.Text}{r.Message}"))}");
    }

    /// <summary>The value column of a field/value table.</summary>
    public static string Field(this IEnumerable<ConsoleResponse> responses, string field) =>
        responses.Rows().Single(r => r[0] == field)[1];

    public static ConsoleResponse Final(this IEnumerable<ConsoleResponse> responses) => responses.Last();

    /// <summary>Asserts that the request ended without an error, naming the final response when it did not.</summary>
    public static void AssertEnded(this IEnumerable<ConsoleResponse> responses)
    {
        var final = responses.Final();
        Assert.True(final.Kind == ResponseKinds.End, $"ended with {final}");
    }
}
