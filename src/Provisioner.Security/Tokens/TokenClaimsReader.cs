using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Provisioner.Security.Tokens;

/// <summary>Turns a token payload into a claims record, naming the bad field when the JSON does not fit.</summary>
internal static class TokenClaimsReader
{
    public static T Read<T>(JwsToken token, JsonTypeInfo<T> typeInfo) where T : StandardClaims
    {
        var span = token.Payload.Span;
        var start = 0;
        while (start < span.Length && span[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }
        if (start == span.Length || span[start] != (byte)'{')
        {
            throw new TokenException(TokenError.Malformed, "token payload is not a JSON object");
        }
        try
        {
            return JsonSerializer.Deserialize(span, typeInfo)
                ?? throw new TokenException(TokenError.Malformed, "token payload is not a JSON object");
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) ? "" : $" at {e.Path}";
            throw new TokenException(TokenError.Malformed, $"token payload is not valid claims JSON{where}: {e.Message}");
        }
    }
}
