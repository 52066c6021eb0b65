using Provisioner.Security.Tokens;

namespace Provisioner.Security.Tests.Tokens;

/// <summary>The keys, tokens and times of choria-v2 §2.6, from which T1 and T2 are rebuilt byte for byte.</summary>
internal static class SpecChain
{
    public const string OrgPublicKey = "e7f162a10bec559afea195e4dce84b69568d5d2cb0963eb446c0685e2b17f2f0";
    public const string ProvisionerPublicKey = "adc14011f82d1c56d956aa4f9d73d8858361a606048525e0d08c638dc75dd8c7";
    public const string NodePublicKey = "79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664";

    public const string T1Payload = """{"callerid":"provisioner_signer","ou":"choria","permissions":{"fleet_management":true,"provisioner":true},"purpose":"choria_client_id","tcs":"2865406ed16de59f33f51c10f46a1bf6a44229549392a93f0ad03070de9060a7d33f3ad7a98ac8825080c8220994b47b71cdf8c0038e5a830d1c7a6dabd1fa08","public_key":"adc14011f82d1c56d956aa4f9d73d8858361a606048525e0d08c638dc75dd8c7","iss":"I-e7f162a10bec559afea195e4dce84b69568d5d2cb0963eb446c0685e2b17f2f0","exp":1731536000,"nbf":1700000000,"iat":1700000000,"jti":"2YBXZMjIuuGWKGmPCQoJTPk6i2p"}""";
    public const string T1Signature = "eONr_bnQrjG_EIFW_hN5YH26rWTI7MxBessQzxE3yb8ZUVonSH8-gr-9TIxc9XzPmmnlDEe3OKnBtx4OLL5GDw";

    public const string T2Payload = """{"identity":"n1.example.net","collectives":["choria"],"ou":"choria","purpose":"choria_server","tcs":"2865406ed16de59f33f51c10f46a1bf6a44229549392a93f0ad03070de9060a7d33f3ad7a98ac8825080c8220994b47b71cdf8c0038e5a830d1c7a6dabd1fa08.195e035f9ada80d5c9b6374df267b6ddc840443998b0fd77403f4ceef0843e9a61da5187f9c5b685aa668d68d72a9ad591a3994968ee7be97116ba588b764d02","public_key":"79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664","issexp":1731536000,"iss":"C-2YBXZMjIuuGWKGmPCQoJTPk6i2p.adc14011f82d1c56d956aa4f9d73d8858361a606048525e0d08c638dc75dd8c7","exp":1731536000,"nbf":1700000100,"iat":1700000100,"jti":"2YBXlwM7hoMCynt4KVhnbEsOOVz"}""";
    public const string T2Signature = "vMpwOS1BMZ6NiVsOE07B9xl5XAEbHDBpWErK204a0crYuuN8YnVra8svvoljbhknND38xTyoUeehT8tfL9LQDw";

    public const string Header = "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9";

    public static byte[] OrgSeed => Range(0x21);
    public static byte[] ProvisionerSeed => Range(0x41);
    public static byte[] NodeSeed => Range(0x01);

    public static string T1 => $"{Header}.{TestKeys.B64(T1Payload)}.{T1Signature}";
    public static string T2 => $"{Header}.{TestKeys.B64(T2Payload)}.{T2Signature}";

    public static TokenVerificationKey OrgKey => TokenVerificationKey.FromEd25519(Convert.FromHexString(OrgPublicKey));

    /// <summary>A KSUID at <paramref name="unix"/> whose 16 payload bytes run from <paramref name="first"/> upwards (the spec's a0…af, b0…bf).</summary>
    public static Ksuid Id(long unix, byte first) => Ksuid.From(DateTimeOffset.FromUnixTimeSeconds(unix), Enumerable.Range(first, 16).Select(b => (byte)b).ToArray());

    /// <summary>T2's claims as the provisioner builds them (§2.3 step 1), before the chain rewrites them.</summary>
    public static ServerClaims T2Unchained => new()
    {
        Identity = "n1.example.net",
        Collectives = ["choria"],
        OrganizationUnit = "choria",
        Purpose = TokenPurpose.Server,
        PublicKey = NodePublicKey,
        Issuer = ServerJwtIssuer.IssuerName,
        IssuedAt = 1_700_000_100,
        NotBefore = 1_700_000_100,
        ExpiresAt = 1_700_000_100 + 365L * 86400,
        Id = Id(1_700_000_100, 0xb0).ToString(),
    };

    private static byte[] Range(int first) => Enumerable.Range(first, 32).Select(b => (byte)b).ToArray();
}
