using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;

namespace Provisioner.Messages.Wire;

/// <summary>
/// Escapes JSON strings exactly as Go's <c>encoding/json</c> does (Go 1.22+): quote, backslash and
/// control characters, the HTML-sensitive <c>&lt; &gt; &amp;</c> as <c>\u003c</c>-style escapes, and
/// U+2028/U+2029. Every other character, ASCII punctuation such as <c>+</c> and all non-ASCII text,
/// is written raw. System.Text.Json's built-in encoders escape far more, which would change the bytes
/// a Choria reply hash covers and the bytes the worked example in the wire spec fixes.
/// </summary>
public sealed class GoJsonEncoder : JavaScriptEncoder
{
    /// <summary>The single shared instance; the encoder holds no state.</summary>
    public static GoJsonEncoder Instance { get; } = new();

    private static readonly SearchValues<char> CharsToEscape = SearchValues.Create(
        Enumerable.Range(0, 0x20).Select(c => (char)c).Concat("\"\\<>&\u2028\u2029").ToArray());

    private static readonly SearchValues<byte> Utf8Stops = SearchValues.Create(
        Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x80, 0x80)).Select(b => (byte)b).Concat("\"\\<>&"u8.ToArray()).ToArray());

    private GoJsonEncoder()
    {
    }

    /// <inheritdoc />
    public override int MaxOutputCharactersPerInputCharacter => 6;

    /// <inheritdoc />
    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar is '"' or '\\' or '<' or '>' or '&' or 0x2028 or 0x2029;

    /// <inheritdoc />
    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) =>
        new ReadOnlySpan<char>(text, textLength).IndexOfAny(CharsToEscape);

    /// <inheritdoc />
    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        // Vectorised scan to the next ASCII character to escape or non-ASCII byte; only non-ASCII text (where
        // U+2028/U+2029 and invalid UTF-8 hide) is decoded rune by rune. A per-character scan is
        // the codec's hottest frame under load.
        var index = 0;
        while (index < utf8Text.Length)
        {
            var next = utf8Text[index..].IndexOfAny(Utf8Stops);
            if (next < 0)
            {
                return -1;
            }
            index += next;
            if (utf8Text[index] < 0x80)
            {
                return index;
            }
            var status = Rune.DecodeFromUtf8(utf8Text[index..], out var rune, out var consumed);
            if (status != System.Buffers.OperationStatus.Done || WillEncode(rune.Value))
            {
                return index;
            }
            index += consumed;
        }
        return -1;
    }

    /// <inheritdoc />
    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var escape = Escape(unicodeScalar);
        if (escape is null)
        {
            var rune = new Rune(unicodeScalar);
            if (rune.Utf16SequenceLength > bufferLength)
            {
                numberOfCharactersWritten = 0;
                return false;
            }
            numberOfCharactersWritten = rune.EncodeToUtf16(new Span<char>(buffer, bufferLength));
            return true;
        }
        if (escape.Length > bufferLength)
        {
            numberOfCharactersWritten = 0;
            return false;
        }
        escape.AsSpan().CopyTo(new Span<char>(buffer, bufferLength));
        numberOfCharactersWritten = escape.Length;
        return true;
    }

    private static string? Escape(int scalar) => scalar switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\b' => "\\b",
        '\f' => "\\f",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        < 0x20 or '<' or '>' or '&' or 0x2028 or 0x2029 => $"\\u{scalar:x4}",
        _ => null,
    };
}
