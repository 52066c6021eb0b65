using System.Text.Json.Serialization;

namespace Provisioner.Host.LiveConsole.Protocol;

/// <summary>
/// One line the endpoint sends about request <c>id</c>. A request gets any number of <c>line</c>, <c>table</c>
/// or <c>palette</c> responses and then exactly one <c>end</c> (done) or <c>error</c> (failed, with a code).
/// An error without an id answers a line that could not be read as a request, or refuses the connection.
/// The first line of a served connection is the <c>greeting</c>, without an id.
/// </summary>
public sealed record ConsoleResponse(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("text")] string? Text = null,
    [property: JsonPropertyName("columns")] IReadOnlyList<string>? Columns = null,
    [property: JsonPropertyName("rows")] IReadOnlyList<IReadOnlyList<string>>? Rows = null,
    [property: JsonPropertyName("code")] string? Code = null,
    [property: JsonPropertyName("message")] string? Message = null,
    [property: JsonPropertyName("palettes")] IReadOnlyList<PaletteDescription>? Palettes = null,
    [property: JsonPropertyName("greeting")] ConsoleGreeting? Greeting = null)
{
    public static ConsoleResponse Greet(MemberIncarnation member) =>
        new(null, ResponseKinds.Greeting, Greeting: new ConsoleGreeting(ConsoleGreeting.CurrentProtocol, member));

    public static ConsoleResponse Line(string id, string text) => new(id, ResponseKinds.Line, Text: text);

    public static ConsoleResponse Table(string id, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows) =>
        new(id, ResponseKinds.Table, Columns: columns, Rows: rows);

    public static ConsoleResponse End(string id) => new(id, ResponseKinds.End);

    public static ConsoleResponse Error(string? id, string code, string message) => new(id, ResponseKinds.Error, Code: code, Message: message);

    /// <summary>True for the response that ends its request.</summary>
    [JsonIgnore]
    public bool IsFinal => Kind is ResponseKinds.End or ResponseKinds.Error;
}
