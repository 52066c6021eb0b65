using Provisioner.Agent.Upgrades;
using Provisioner.Testing;

namespace Provisioner.Agent.Tests.Upgrades;

/// <summary>A temporary release repository served by a real HTTP server on 127.0.0.1, with helpers to publish and spoil releases.</summary>
internal sealed class ReleaseRepository : IDisposable
{
    public static readonly ReleasePlatform Platform = new("linux", "amd64");

    public ReleaseRepository()
    {
        Root = Directory.CreateTempSubdirectory("release-repo-").FullName;
        Server = new StaticFileServer(Root);
    }

    public string Root { get; }
    public StaticFileServer Server { get; }
    public string Url => Server.Url;

    /// <summary>Publishes <paramref name="content"/> as an executable named <c>choria</c> at <paramref name="version"/>.</summary>
    public string Publish(string version, byte[] content)
    {
        var source = Path.Combine(Directory.CreateTempSubdirectory("release-src-").FullName, "choria");
        File.WriteAllBytes(source, content);
        return ReleasePublisher.Publish(Root, version, source, Platform);
    }

    /// <summary>Replaces the hash in a published release.json.</summary>
    public void SetHash(string version, Func<string, string> change)
    {
        var spec = Path.Combine(Root, ReleaseRepositoryLayout.Directory(version, Platform), ReleaseRepositoryLayout.SpecFile);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(spec))!;
        json["hash"] = change(json["hash"]!.GetValue<string>());
        File.WriteAllText(spec, json.ToJsonString());
    }

    public void Dispose()
    {
        Server.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
