namespace Provisioner.Messages.Tests.Wire.V2;

/// <summary>The v2 <c>gen25519</c> example of choria-v2 §1.4 with the keys and T1 of §2.6.</summary>
internal static class WorkedExampleV2
{
    public const string CallerId = "provisioner_signer";
    public const string Sender = "provisioner_signer";
    public const string RequestId = "2YBXyVywUiRtdKzjSabHj40g4z9";
    public const long Time = 1700000200123456789;
    public const long ReplyTime = 1700000201000000005;
    public const string Node = "n1.example.net";
    public const string BrokerUrl = "nats://broker.example.net:4222";

    public static byte[] ProvisionerSeed => Enumerable.Range(0x41, 32).Select(b => (byte)b).ToArray();

    /// <summary>T1 of §2.6: the org issuer's token for the provisioner.</summary>
    public const string T1 =
        "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9." +
        "eyJjYWxsZXJpZCI6InByb3Zpc2lvbmVyX3NpZ25lciIsIm91IjoiY2hvcmlhIiwicGVybWlzc2lvbnMiOnsiZmxlZXRfbWFuYWdlbWVudCI6dHJ1ZSwicHJvdmlzaW9uZXIiOnRydWV9LCJwdXJwb3NlIjoiY2hvcmlhX2NsaWVudF9pZCIsInRjcyI6IjI4NjU0MDZlZDE2ZGU1OWYzM2Y1MWMxMGY0NmExYmY2YTQ0MjI5NTQ5MzkyYTkzZjBhZDAzMDcwZGU5MDYwYTdkMzNmM2FkN2E5OGFjODgyNTA4MGM4MjIwOTk0YjQ3YjcxY2RmOGMwMDM4ZTVhODMwZDFjN2E2ZGFiZDFmYTA4IiwicHVibGljX2tleSI6ImFkYzE0MDExZjgyZDFjNTZkOTU2YWE0ZjlkNzNkODg1ODM2MWE2MDYwNDg1MjVlMGQwOGM2MzhkYzc1ZGQ4YzciLCJpc3MiOiJJLWU3ZjE2MmExMGJlYzU1OWFmZWExOTVlNGRjZTg0YjY5NTY4ZDVkMmNiMDk2M2ViNDQ2YzA2ODVlMmIxN2YyZjAiLCJleHAiOjE3MzE1MzYwMDAsIm5iZiI6MTcwMDAwMDAwMCwiaWF0IjoxNzAwMDAwMDAwLCJqdGkiOiIyWUJYWk1qSXV1R1dLR21QQ1FvSlRQazZpMnAifQ." +
        "eONr_bnQrjG_EIFW_hN5YH26rWTI7MxBessQzxE3yb8ZUVonSH8-gr-9TIxc9XzPmmnlDEe3OKnBtx4OLL5GDw";

    public const string Request =
        """{"protocol":"io.choria.protocol.v2.request","message":"eyJhZ2VudCI6ImNob3JpYV9wcm92aXNpb24iLCJhY3Rpb24iOiJnZW4yNTUxOSIsImRhdGEiOnsibm9uY2UiOiIwYzFkMmUzZjQwNTE2MjczODQ5NWE2YjdjOGQ5ZWFmYiIsInRva2VuIjoiczNjcjN0In19","id":"2YBXyVywUiRtdKzjSabHj40g4z9","sender":"provisioner_signer","caller":"provisioner_signer","collective":"provisioning","agent":"choria_provision","ttl":60,"time":1700000200123456789,"filter":{"fact":[],"cf_class":[],"agent":["choria_provision"],"identity":[],"compound":[]}}""";

    public const string Signature = "Hd6RWhPAy8lqDpFjx3rnhE3i0+8/+H39T6tKXWNll65ftZmW7KqolUcLMn9fh4H+y8JQwO+HTDrtZCgULkTADw==";
    public const string SecureRequestSha256 = "adc56201c4a58aacd94f392b9b798f0fe8624d6f24f97c7e936e9cc19199c562";
    public const string TransportSha256 = "28845d0048e451b384c0e147b8bc9a61dc87c001c572c6e974aa971438f75748";
    public const string RequestHeaders =
        """{"reply":"provisioning.reply.22ec67b1822edddbee1f71725ee3827c.2YBXyVywUiRtdKzjSabHj40g4z9","sender":"provisioner_signer","trace":[["nats://broker.example.net:4222","provisioner_signer","nats://broker.example.net:4222"]]}""";

    public const string Reply =
        """{"protocol":"io.choria.protocol.v2.reply","message":"eyJhY3Rpb24iOiJnZW4yNTUxOSIsInN0YXR1c2NvZGUiOjAsInN0YXR1c21zZyI6Ik9LIiwiZGF0YSI6eyJwdWJsaWNfa2V5IjoiNzliNTU2MmU4ZmU2NTRmOTQwNzhiMTEyZThhOThiYTc5MDFmODUzYWU2OTViZWQ3ZTBlMzkxMGJhZDA0OTY2NCIsImRpcmVjdG9yeSI6Ii9ldGMvY2hvcmlhIiwic2lnbmF0dXJlIjoiYzVlNGQxYWIxOGRmNWQ1NDcyZTFhNGIzZTZkZTVkY2U4MGM1ODNjNzZkZjY4MDUwYWI4MWY3MTVhMzljNWUyNjRlY2U3MmZlZjJjNGNlZWE0MzExOGFkNzdjNGVmMmZlZjRmNWNkMTRhMjBiMGUwNmNlYzk1OWM4ZDQ2MDVlMGYifX0=","request":"2YBXyVywUiRtdKzjSabHj40g4z9","sender":"n1.example.net","agent":"choria_provision","time":1700000201000000005}""";

    public const string ReplyHash = "EHzH/h+OwJCcM0KbM0aq2D/PfMKTXmgqtEtO1/OiRQg=";
    public const string SecureReplySha256 = "a4758d6172c525b2bf6bb550fe6828c213efe4ff960585e931a40154d03cf46d";
    public const string ReplyTransportSha256 = "f5bb44c7b3ca365d7ff7d4d7e4ad6fdee8f3eb3aa8883036486631c0bcf85420";
    public const string ReplyHeaders =
        """{"sender":"n1.example.net","trace":[["nats://broker.example.net:4222","n1.example.net","nats://broker.example.net:4222"]]}""";
}
