namespace Provisioner.Security.Tokens;

/// <summary>Hex-encoded raw keys, as Choria stores Ed25519 seeds and public keys.</summary>
public static class HexKey
{
    public static bool TryDecode(string text, int expectedBytes, out byte[] bytes)
    {
        bytes = [];
        if (text.Length != expectedBytes * 2)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        bytes = Convert.FromHexString(text);
        return true;
    }
}
