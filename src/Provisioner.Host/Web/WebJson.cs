using System.Text.Json.Serialization;

namespace Provisioner.Host.Web;

/// <summary>The web view's JSON (camelCase, as the page's script reads it), generated at build time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FleetSnapshot))]
[JsonSerializable(typeof(NodeAnswer))]
[JsonSerializable(typeof(WebError))]
public sealed partial class WebJson : JsonSerializerContext;

/// <summary>One node for the search box: where it stands and its history, as the console's <c>node show</c> and <c>node history</c>.</summary>
public sealed record NodeAnswer(string Identity, string Stage, int Attempt, string? LastError, string HostedBy, IReadOnlyList<string> Events);

/// <summary>Why a request was refused, in one sentence.</summary>
public sealed record WebError(string Error);
