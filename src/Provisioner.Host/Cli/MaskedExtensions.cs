using System.Text.Json.Nodes;

namespace Provisioner.Host.Cli;

/// <summary>
/// A token's extensions as <c>jwt view</c> shows them: the value of every name that contains token, password,
/// secret, jwt or key (any case, at any depth) becomes <c>*****</c>. <c>nats_jwt</c>, the broker credential every
/// machine in provisioning mode shares, is one of them; operators add their own secrets under names like these.
/// </summary>
internal static class MaskedExtensions
{
    public const string Mask = "*****";

    private static readonly string[] SecretWords = ["token", "password", "secret", "jwt", "key"];

    public static bool IsSecret(string name) => SecretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));

    /// <summary>A copy of <paramref name="extensions"/> with secrets masked; the token itself is left as it is.</summary>
    public static JsonObject Of(JsonObject extensions)
    {
        var copy = extensions.DeepClone().AsObject();
        MaskWithin(copy);
        return copy;
    }

    private static void MaskWithin(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (IsSecret(name))
                    {
                        obj[name] = Mask;
                    }
                    else
                    {
                        MaskWithin(obj[name]);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    MaskWithin(item);
                }
                break;
        }
    }
}
