using System.Buffers;

namespace Provisioner.Messages.Wire;

/// <summary>
/// Transport bytes in a buffer rented from the shared pool (<see cref="ChoriaCodec.EncodeRequestRented"/>), for a sender
/// that publishes them and lets go: disposing returns the buffer, after which <see cref="Bytes"/> must not be read.
/// The default value holds nothing and disposes as a no-op.
/// </summary>
public readonly struct RentedTransport : IDisposable
{
    private readonly byte[]? _buffer;
    private readonly int _length;

    private RentedTransport(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, _length);

    /// <summary>A rented copy of <paramref name="transport"/>.</summary>
    public static RentedTransport Of(ReadOnlySpan<byte> transport)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(transport.Length);
        transport.CopyTo(buffer);
        return new RentedTransport(buffer, transport.Length);
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}
