using System.Text.Json;
using System.Text.Json.Serialization;
using Provisioner.Messages.Wire;

namespace Provisioner.Actors.Onboarding.Helper;

/// <summary>
/// What the helper writes on stdout (spec §4). Fields Choria does not know are ignored, as Choria ignores them,
/// so helpers written for Choria run unchanged; a known field of the wrong type is an error naming it.
/// </summary>
public sealed record HelperOutput
{
    /// <summary>Soft failure: the attempt fails with <see cref="Message"/> and the node is tried again later.</summary>
    [JsonPropertyName("defer")]
    public bool Defer { get; init; }

    /// <summary>Logged by the provisioner only; never sent to the node.</summary>
    [JsonPropertyName("msg")]
    public string? Message { get; init; }

    /// <summary>Permanent stop: the node is told to shut down instead of being configured.</summary>
    [JsonPropertyName("shutdown")]
    public bool Shutdown { get; init; }

    /// <summary>The node's configuration; must set <c>plugin.choria.server.provision</c> to <c>false</c>.</summary>
    [JsonPropertyName("configuration")]
    [JsonConverter(typeof(StringMapJsonConverter))]
    public IReadOnlyDictionary<string, string>? Configuration { get; init; }

    [JsonPropertyName("certificate")]
    public string? Certificate { get; init; }

    [JsonPropertyName("ca")]
    public string? Ca { get; init; }

    [JsonPropertyName("ssldir")]
    public string? SslDir { get; init; }

    /// <summary>An RSA private key PEM, when the CA made the key; sent to the node wrapped, never as is.</summary>
    [JsonPropertyName("key")]
    public string? Key { get; init; }

    [JsonPropertyName("server_claims")]
    public HelperServerClaims? ServerClaims { get; init; }

    /// <summary><c>&lt;name&gt;.policy</c> → policy text.</summary>
    [JsonPropertyName("action_policies")]
    [JsonConverter(typeof(StringMapJsonConverter))]
    public IReadOnlyDictionary<string, string>? ActionPolicies { get; init; }

    /// <summary><c>&lt;name&gt;.rego</c> → policy text.</summary>
    [JsonPropertyName("opa_policies")]
    [JsonConverter(typeof(StringMapJsonConverter))]
    public IReadOnlyDictionary<string, string>? OpaPolicies { get; init; }

    /// <summary>The version to upgrade the node to (feature <c>upgrades</c>).</summary>
    [JsonPropertyName("upgrade")]
    public string? Upgrade { get; init; }

    /// <summary>What the provisioner does next; a deferral wins over a shutdown, as in Choria.</summary>
    public HelperOutcome Outcome() =>
        Defer ? new HelperOutcome.Defer($"configuration defered: {Message}")
        : Shutdown ? new HelperOutcome.Shutdown(Message)
        : new HelperOutcome.Configure(this);

    /// <summary>
    /// Parses helper stdout; throws <see cref="FormatException"/> saying which field is wrong and why, without
    /// repeating any of the text, which may hold a private key.
    /// </summary>
    public static HelperOutput Parse(ReadOnlySpan<byte> utf8Json)
    {
        HelperOutput? output;
        try
        {
            output = JsonSerializer.Deserialize(utf8Json, HelperJsonContext.Default.HelperOutput);
        }
        catch (JsonException ex)
        {
            throw new FormatException(Describe(ex), ex);
        }
        return output ?? throw new FormatException("$: the output must be a JSON object, not null");
    }

    // The serializer's own messages already end in the path; messages from our converters get it prepended.
    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var pathAt = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (pathAt >= 0)
        {
            message = message[..pathAt];
        }
        // For a wrong token type the serializer names the enclosing type; the reader's inner message names the token.
        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            message = ex.InnerException?.Message ?? "has a value of the wrong type";
        }
        var line = ex.LineNumber is long l ? $" (line {l + 1}, byte {ex.BytePositionInLine + 1})" : "";
        return $"{ex.Path ?? "$"}: {message}{line}";
    }

    /// <summary>Flags and sizes only: the output may carry a private key.</summary>
    public override string ToString() =>
        $"HelperOutput {{ Defer = {Defer}, Shutdown = {Shutdown}, Configuration = {Configuration?.Count ?? 0} keys, " +
        $"Certificate = {Certificate is not null}, Key = {(Key is null ? "" : "*****")}, Upgrade = {Upgrade} }}";
}
