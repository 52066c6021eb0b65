using System.Text.Json;

namespace Provisioner.Messages.Wire;

/// <summary>Names JSON tokens for error messages that say what was found instead.</summary>
public static class JsonTokens
{
    /// <summary>"a string", "a number", "an object", ...</summary>
    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => token.ToString(),
    };
}
