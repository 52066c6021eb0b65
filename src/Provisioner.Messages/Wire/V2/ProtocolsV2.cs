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

    /// <summary>Which protocol a transport's <c>protocol</c> names: 1, 2, or 0 for neither.</summary>
    public static int VersionOf(string? transportProtocol) => transportProtocol switch
    {
        Protocols.Transport => 1,
        Transport => 2,
        _ => 0,
    };
}
