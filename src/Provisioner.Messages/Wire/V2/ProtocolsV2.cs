using System.Text.Json;

namespace Provisioner.Messages.Wire.V2;

/// <summary>The protocol strings that name each Choria protocol v2 layer, and the v2 discovery messages.</summary>
public static class ProtocolsV2
{
    public const string Request = "io.choria.protocol.v2.request";
    public const string SecureRequest = "io.choria.protocol.v2.secure_request";
    public const string Reply = "io.choria.protocol.v2.reply";
    public const string SecureReply = "io.choria.protocol.v2.secure_reply";
    public const string Transport = "io.choria.protocol.v2.transport";

    /// <summary>
    /// The discovery request's <c>message</c>: base64 of base64 <c>ping</c>. The node decodes the field and then its
    /// content once more (the v1 quirk), so a single encoding would arrive as garbage and go unanswered.
    /// </summary>
    public const string DiscoveryPingMessage = "Y0dsdVp3PT0=";

    /// <summary>Why a v2 node drops a v1 transport (Choria logs it and does not reply).</summary>
    public const string V1AtV2Node = "version 1 protocol requires a x509 based security system";

    /// <summary>Why a v1 node drops a v2 transport (Choria logs it and does not reply).</summary>
    public const string V2AtV1Node = "version 2 protocol requires a ed25519+jwt based security system";

    /// <summary>
    /// Which protocol a transport names in its top-level <c>protocol</c>: 1, 2, or 0 for neither or unreadable JSON.
    /// Reads no further than that key, so a receiver can pick its codec (or drop the message) cheaply.
    /// </summary>
    public static int VersionOfTransport(ReadOnlySpan<byte> transport)
    {
        try
        {
            var reader = new Utf8JsonReader(transport);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return 0;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isProtocol = reader.ValueTextEquals("protocol"u8);
                reader.Read();
                if (isProtocol)
                {
                    return reader.TokenType == JsonTokenType.String ? VersionOf(reader.GetString()) : 0;
                }
                reader.Skip();
            }
            return 0;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, or a protocol no string can hold (a lone surrogate escape): neither protocol.
            return 0;
        }
    }

    /// <summary>Which protocol a transport's <c>protocol</c> names: 1, 2, or 0 for neither.</summary>
    public static int VersionOf(string? transportProtocol) => transportProtocol switch
    {
        Protocols.Transport => 1,
        Transport => 2,
        _ => 0,
    };
}
