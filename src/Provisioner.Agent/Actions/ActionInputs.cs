using System.Text.Json;
using System.Text.RegularExpressions;
using Provisioner.Messages.Wire;

namespace Provisioner.Agent.Actions;

/// <summary>
/// The <c>choria_provision</c> DDL's input rules (wire spec §6), which Choria's Go agent leaves to the client:
/// here the node checks them itself, so a missing required input gets MissingData and an oversized or
/// malformed one InvalidData, each with a message naming the input, before the action touches anything.
/// </summary>
public static partial class ActionInputs
{
    private sealed record Rule(string Name, bool Required, int MaxLength, Regex? Pattern = null, string? PatternText = null);

    private static readonly Rule Token = new("token", true, 128);
    private static readonly Rule OptionalToken = Token with { Required = false };

    private static readonly IReadOnlyDictionary<string, Rule[]> Rules = new Dictionary<string, Rule[]>(StringComparer.Ordinal)
    {
        ["jwt"] = [Token],
        ["gen25519"] = [Token, new("nonce", true, 64)],
        ["gencsr"] =
        [
            Token,
            new("cn", false, 80),
            new("C", false, 2, CountryPattern(), "two upper-case letters"),
            new("L", false, 50, SubjectPattern(), "letters, digits, spaces, '_' and '-'"),
            new("O", false, 50, SubjectPattern(), "letters, digits, spaces, '_' and '-'"),
            new("OU", false, 50, SubjectPattern(), "letters, digits, spaces, '_' and '-'"),
            new("ST", false, 50, SubjectPattern(), "letters, digits, spaces, '_' and '-'"),
        ],
        ["configure"] =
        [
            OptionalToken,
            new("config", true, 2048),
            new("certificate", false, 10240),
            new("ca", false, 20480),
            new("ssldir", false, 500),
            new("key", false, 10240),
            new("ecdh_public", false, 64),
            new("server_jwt", false, 2048),
            new("nats_jwt", false, 4096),
        ],
        ["release_update"] =
        [
            Token,
            new("repository", true, 512, RepositoryPattern(), "an http:// or https:// URL"),
            new("version", true, 32),
        ],
        ["restart"] = [Token],
        ["reprovision"] = [Token],
        ["shutdown"] = [Token],
    };

    /// <summary>The failed reply for <paramref name="data"/> of <paramref name="action"/>, or null when every rule holds.</summary>
    public static RpcReplyBody? Check(string action, JsonElement data)
    {
        if (!Rules.TryGetValue(action, out var rules))
        {
            return null;
        }
        foreach (var rule in rules)
        {
            if (!data.TryGetProperty(rule.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (rule.Required)
                {
                    return RpcReplyBody.Failed(action, StatusCode.MissingData, $"Validation failed: input '{rule.Name}' is required");
                }
                continue;
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                return RpcReplyBody.Failed(action, StatusCode.InvalidData, $"Validation failed: input '{rule.Name}' must be a string, not {value.ValueKind}");
            }
            var text = value.GetString()!;
            if (text.Length > rule.MaxLength)
            {
                return RpcReplyBody.Failed(action, StatusCode.InvalidData,
                    $"Validation failed: input '{rule.Name}' is {text.Length} characters, longer than the {rule.MaxLength} allowed");
            }
            if (text.Length > 0 && rule.Pattern is { } pattern && !pattern.IsMatch(text))
            {
                return RpcReplyBody.Failed(action, StatusCode.InvalidData, $"Validation failed: input '{rule.Name}' must be {rule.PatternText}");
            }
        }
        return null;
    }

    [GeneratedRegex("^https?://")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryPattern();

    [GeneratedRegex(@"^[\w\s-]+$")]
    private static partial Regex SubjectPattern();
}
