using System.Security.Cryptography;
using System.Text;

namespace Provisioner.Aaa.Audit;

/// <summary>
/// The one way an audit record's id is made: SHA-256 over the decision's kind, outcome and exact inputs. The same
/// inputs with the same outcome are the same decision, whichever member repeats it.
/// </summary>
public static class AuditIds
{
    public static string For(AuditKind kind, AuditDecision decision, params ReadOnlySpan<string> inputs)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{kind}\0{decision}"));
        foreach (var input in inputs)
        {
            hash.AppendData("\0"u8);
            hash.AppendData(Encoding.UTF8.GetBytes(input));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
