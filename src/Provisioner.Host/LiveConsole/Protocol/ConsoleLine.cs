using System.Text.Json;

namespace Provisioner.Host.LiveConsole.Protocol;

/// <summary>
/// How a request or response travels: one JSON object on its own line, ended by a newline, so both sides read
/// whole messages off the stream with no length prefix and a person can follow the exchange on a raw socket.
/// Decoding throws <see cref="JsonException"/> for a line that is not the expected object.
/// </summary>
internal static class ConsoleLine
{
    public static byte[] Encode(ConsoleRequest request) =>
        Terminated(JsonSerializer.SerializeToUtf8Bytes(request, ConsoleJsonContext.Default.ConsoleRequest));

    public static byte[] Encode(ConsoleResponse response) =>
        Terminated(JsonSerializer.SerializeToUtf8Bytes(response, ConsoleJsonContext.Default.ConsoleResponse));

    /// <param name="line">The line without its newline.</param>
    public static ConsoleRequest? DecodeRequest(ReadOnlySpan<byte> line) =>
        JsonSerializer.Deserialize(line, ConsoleJsonContext.Default.ConsoleRequest);

    /// <param name="line">The line without its newline.</param>
    public static ConsoleResponse? DecodeResponse(string line) =>
        JsonSerializer.Deserialize(line, ConsoleJsonContext.Default.ConsoleResponse);

    private static byte[] Terminated(byte[] json) => [.. json, (byte)'\n'];
}
