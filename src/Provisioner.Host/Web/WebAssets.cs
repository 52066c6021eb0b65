using System.Reflection;

namespace Provisioner.Host.Web;

/// <summary>
/// The page, its style and its script, embedded in the assembly (Web/Assets): the view works on a box with no way
/// out, and what it serves is what was built. Only these names are served.
/// </summary>
public static class WebAssets
{
    private static readonly IReadOnlyDictionary<string, (string Resource, string ContentType)> Files = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["/"] = ("index.html", "text/html; charset=utf-8"),
        ["/app.css"] = ("app.css", "text/css; charset=utf-8"),
        ["/app.js"] = ("app.js", "text/javascript; charset=utf-8"),
    };

    private static readonly Lazy<IReadOnlyDictionary<string, byte[]>> Contents = new(Load);

    /// <summary>The request paths that name an asset.</summary>
    public static IEnumerable<string> Paths => Files.Keys;

    /// <summary>The asset at <paramref name="path"/> and its content type.</summary>
    public static (byte[] Content, string ContentType) Get(string path) => (Contents.Value[path], Files[path].ContentType);

    private static IReadOnlyDictionary<string, byte[]> Load()
    {
        var assembly = typeof(WebAssets).Assembly;
        return Files.ToDictionary(f => f.Key, f => Read(assembly, f.Value.Resource), StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream($"Provisioner.Host.Web.Assets.{name}")
            ?? throw new InvalidOperationException($"the web view's {name} is not embedded in {assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
