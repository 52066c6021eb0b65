using System.Text.Json;

namespace Provisioner.Agent.Actions;

/// <summary>Reads <c>configure</c>'s <c>config</c> input: JSON text of an object whose values are all strings.</summary>
public static class ConfigurationMap
{
    /// <summary>The settings, or null when the text is not such an object (see <see cref="Problem"/>).</summary>
    public static IReadOnlyDictionary<string, string>? Parse(string json) => TryParse(json, out var settings, out _) ? settings : null;

    /// <summary>Why <paramref name="json"/> is not an object of strings, or null when it is.</summary>
    public static string? Problem(string json) => TryParse(json, out _, out var problem) ? null : problem;

    private static bool TryParse(string json, out IReadOnlyDictionary<string, string> settings, out string problem)
    {
        settings = new Dictionary<string, string>();
        problem = "";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            problem = $"not valid JSON: {e.Message}";
            return false;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = $"expected a JSON object of strings, got {document.RootElement.ValueKind}";
                return false;
            }
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    problem = $"value of '{property.Name}' is {property.Value.ValueKind}, not a string";
                    return false;
                }
                map[property.Name] = property.Value.GetString()!;
            }
            settings = map;
            return true;
        }
    }
}
