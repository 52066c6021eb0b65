namespace Provisioner.Security.Keys;

/// <summary>Hex decoding that reports failure instead of throwing, for checking values from the wire.</summary>
internal static class HexText
{
    public static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 2 != 0)
        {
            return false;
        }
        try
        {
            bytes = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
