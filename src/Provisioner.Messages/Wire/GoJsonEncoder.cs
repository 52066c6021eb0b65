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

    // What a malformed UTF-8 sequence becomes, as in the default encoding loop.
    private static ReadOnlySpan<byte> ReplacementUtf8 => [0xEF, 0xBF, 0xBD];

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

    /// <summary>
    /// Escapes <paramref name="source"/> as <see cref="TextEncoder.Encode(ReadOnlySpan{char}, Span{char}, out int, out int, bool)"/>
    /// does through <see cref="WillEncode"/> and <see cref="TryEncodeUnicodeScalar"/>, with the same results, but copying each run of characters that need no escape at once: the default asks
    /// both virtual methods for every character, which made escaping the inner layers, JSON text written as a string
    /// with a quote every few characters, the hottest part of the codec.
    /// </summary>
    public override OperationStatus Encode(ReadOnlySpan<char> source, Span<char> destination, out int charsConsumed, out int charsWritten, bool isFinalBlock = true)
    {
        var read = 0;
        var written = 0;
        var status = OperationStatus.Done;
        while (read < source.Length)
        {
            var rest = source[read..];
            // Surrogates, paired or not, are copied as they are, as the default loop does; the UTF-8 transcoding after it
            // deals with lone ones.
            var copied = CopyRun(rest, CharsToEscape, destination[written..], out var fitted);
            read += copied;
            written += copied;
            if (!fitted)
            {
                status = OperationStatus.DestinationTooSmall;
                break;
            }
            if (copied > 0)
            {
                continue;
            }
            var output = Escape(rest[0])!;
            if (output.Length > destination.Length - written)
            {
                status = OperationStatus.DestinationTooSmall;
                break;
            }
            output.CopyTo(destination[written..]);
            read++;
            written += output.Length;
        }
        charsConsumed = read;
        charsWritten = written;
        return status;
    }

    /// <summary>
    /// The UTF-8 form of <see cref="Encode(ReadOnlySpan{char}, Span{char}, out int, out int, bool)"/>, with the same results
    /// as the default (invalid UTF-8 becomes U+FFFD), copying runs of ASCII that need no escape at once.
    /// </summary>
    public override OperationStatus EncodeUtf8(ReadOnlySpan<byte> utf8Source, Span<byte> utf8Destination, out int bytesConsumed, out int bytesWritten, bool isFinalBlock = true)
    {
        var read = 0;
        var written = 0;
        var status = OperationStatus.Done;
        Span<byte> scratch = stackalloc byte[6];
        while (read < utf8Source.Length)
        {
            var rest = utf8Source[read..];
            var copied = CopyRun(rest, Utf8Stops, utf8Destination[written..], out var fitted);
            read += copied;
            written += copied;
            if (!fitted)
            {
                status = OperationStatus.DestinationTooSmall;
                break;
            }
            if (copied > 0)
            {
                continue;
            }
            // At a stop: an ASCII character to escape, or the start of a non-ASCII sequence.
            var decoded = Rune.DecodeFromUtf8(rest, out var rune, out var consumed);
            if (decoded == OperationStatus.NeedMoreData && !isFinalBlock)
            {
                status = OperationStatus.NeedMoreData;
                break;
            }
            scoped ReadOnlySpan<byte> output;
            if (decoded != OperationStatus.Done)
            {
                output = ReplacementUtf8;
            }
            else if (WillEncode(rune.Value))
            {
                output = scratch[..Encoding.ASCII.GetBytes(Escape(rune.Value)!, scratch)];
            }
            else
            {
                output = rest[..consumed];
            }
            if (output.Length > utf8Destination.Length - written)
            {
                status = OperationStatus.DestinationTooSmall;
                break;
            }
            output.CopyTo(utf8Destination[written..]);
            read += consumed;
            written += output.Length;
        }
        bytesConsumed = read;
        bytesWritten = written;
        return status;
    }

    // Copies what comes before the first stop in rest into free, as much as fits; fitted says whether all of it did.
    private static int CopyRun<T>(ReadOnlySpan<T> rest, SearchValues<T> stops, Span<T> free, out bool fitted)
        where T : IEquatable<T>
    {
        var run = rest.IndexOfAny(stops);
        run = run < 0 ? rest.Length : run;
        var copied = Math.Min(run, free.Length);
        rest[..copied].CopyTo(free);
        fitted = copied == run;
        return copied;
    }

    /// <summary>The default character-by-character loop, which <see cref="Encode(ReadOnlySpan{char}, Span{char}, out int, out int, bool)"/> matches (its tests compare them).</summary>
    internal OperationStatus EncodeEachScalar(ReadOnlySpan<char> source, Span<char> destination, out int charsConsumed, out int charsWritten, bool isFinalBlock) =>
        base.Encode(source, destination, out charsConsumed, out charsWritten, isFinalBlock);

    /// <summary>The default loop, which <see cref="EncodeUtf8"/> matches (its tests compare them).</summary>
    internal OperationStatus EncodeUtf8EachScalar(ReadOnlySpan<byte> utf8Source, Span<byte> utf8Destination, out int bytesConsumed, out int bytesWritten, bool isFinalBlock) =>
        base.EncodeUtf8(utf8Source, utf8Destination, out bytesConsumed, out bytesWritten, isFinalBlock);

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
