using System.Buffers;
using System.Text;
using Provisioner.Messages.Wire;
using Xunit;

namespace Provisioner.Messages.Tests.Wire;

/// <summary>
/// <see cref="GoJsonEncoder"/> copies runs of text that need no escape at once instead of asking about each character;
/// every result (status, characters or bytes consumed and written, the output) must be the default loop's, for every
/// kind of character, split anywhere, into any room.
/// </summary>
public sealed class GoJsonEncoderRunsTests
{
    private static readonly GoJsonEncoder Encoder = GoJsonEncoder.Instance;

    // Held here, not passed as theory data: xUnit's serialization of theory data would repair the lone surrogates.
    private static readonly string[] Texts =
    [
        "",
        "plain ascii text with + / = and 'quotes'",
        "{\"protocol\":\"choria:request:1\",\"message\":\"{\\\"agent\\\":\\\"x\\\"}\"}",
        "controls \u0000\u0001\b\f\n\r\t\u001f end",
        "html <script>&amp;</script>",
        "line separators \u2028 and \u2029",
        "non-ascii é ü 日本語 and a pair 😀 in the middle",
        "lone high \ud83d then text",
        "lone low \ude00 then text",
        "ends with a lone high \ud83d",
        "\ude00\ud83d reversed pair",
        "\"\\\"\\\\\"",
        new string('x', 300) + "\"" + new string('y', 300),
    ];

    private static readonly byte[][] Utf8Texts =
    [
        .. Texts.Select(Encoding.UTF8.GetBytes),
        [0x61, 0xff, 0x62],
        [0x61, 0xc3],
        [0xe2, 0x80],
        [0xe2, 0x80, 0xa8, 0x22, 0xc0, 0xaf, 0xed, 0xa0, 0x80],
        [0xf0, 0x9f, 0x98],
    ];

    public static IEnumerable<object[]> TextIndexes() => Texts.Select((_, i) => new object[] { i });

    public static IEnumerable<object[]> Utf8TextIndexes() => Utf8Texts.Select((_, i) => new object[] { i });

    [Theory]
    [MemberData(nameof(TextIndexes))]
    public void Text_is_escaped_as_the_default_loop_escapes_it_into_any_room(int index)
    {
        var text = Texts[index];
        foreach (var (room, final) in Cases(text.Length))
        {
            var expected = new char[room];
            var actual = new char[room];
            var expectedStatus = Encoder.EncodeEachScalar(text, expected, out var expectedConsumed, out var expectedWritten, final);
            var actualStatus = Encoder.Encode(text, actual, out var consumed, out var written, final);
            var what = $"room {room}, final {final}";
            Assert.True(expectedStatus == actualStatus, $"{what}: status {actualStatus}, default {expectedStatus}");
            Assert.True(expectedConsumed == consumed, $"{what}: consumed {consumed}, default {expectedConsumed}");
            Assert.Equal(Units(expected.AsSpan(0, expectedWritten)), Units(actual.AsSpan(0, written)));
        }
    }

    [Theory]
    [MemberData(nameof(Utf8TextIndexes))]
    public void Utf8_text_is_escaped_as_the_default_loop_escapes_it_into_any_room(int index)
    {
        var text = Utf8Texts[index];
        foreach (var (room, final) in Cases(text.Length))
        {
            var expected = new byte[room];
            var actual = new byte[room];
            var expectedStatus = Encoder.EncodeUtf8EachScalar(text, expected, out var expectedConsumed, out var expectedWritten, final);
            var actualStatus = Encoder.EncodeUtf8(text, actual, out var consumed, out var written, final);
            var what = $"room {room}, final {final}";
            Assert.True(expectedStatus == actualStatus, $"{what}: status {actualStatus}, default {expectedStatus}");
            Assert.True(expectedConsumed == consumed, $"{what}: consumed {consumed}, default {expectedConsumed}");
            Assert.Equal(Convert.ToHexString(expected, 0, expectedWritten), Convert.ToHexString(actual, 0, written));
        }
    }

    // The last block (as System.Text.Json passes every string) into every room from none to a little past the text and
    // room for the worst case (every character escaped); a block that is not the last into room for all of it. (Into
    // less room, the default loop's answer for a lone high surrogate ending a block depends on the room; no caller asks.)
    private static IEnumerable<(int Room, bool Final)> Cases(int length) =>
        Enumerable.Range(0, Math.Min(length + 8, 120)).Append(length * 6 + 6).Select(room => (room, true))
            .Append((length * 6 + 6, false));

    // UTF-16 code units in hex, so a lone surrogate and U+FFFD read differently.
    private static string Units(ReadOnlySpan<char> text) => string.Join(" ", text.ToArray().Select(c => ((int)c).ToString("x4")));

    [Fact]
    public void A_status_other_than_done_is_reachable_so_the_comparisons_above_cover_it()
    {
        Assert.Equal(OperationStatus.DestinationTooSmall, Encoder.Encode("\"quoted\"", new char[3], out _, out _));
        Assert.Equal(OperationStatus.NeedMoreData, Encoder.EncodeUtf8(new byte[] { 0x61, 0xc3 }, new byte[16], out _, out _, isFinalBlock: false));
    }
}
