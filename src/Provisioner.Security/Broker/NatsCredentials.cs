using System.Text;

namespace Provisioner.Security.Broker;

/// <summary>
/// A NATS user's JWT and nkey seed, and the standard <c>.creds</c> file that carries both. With NATS.Net
/// connect using <c>new NatsAuthOpts { Jwt = Jwt, Seed = Seed }</c> or <c>{ CredsFile = path }</c>;
/// the client then signs the server's nonce with the seed.
/// </summary>
public sealed record NatsCredentials(string Jwt, string Seed)
{
    private const string JwtBegin = "-----BEGIN NATS USER JWT-----";
    private const string JwtEnd = "------END NATS USER JWT------";
    private const string SeedBegin = "-----BEGIN USER NKEY SEED-----";
    private const string SeedEnd = "------END USER NKEY SEED------";

    /// <summary>The <c>.creds</c> file text (keep it 0600: it holds the seed).</summary>
    public string ToCredsFile()
    {
        var text = new StringBuilder();
        text.Append(JwtBegin).Append('\n').Append(Jwt).Append('\n').Append(JwtEnd).Append("\n\n");
        text.Append("************************* IMPORTANT *************************\n");
        text.Append("NKEY Seed printed below can be used to sign and prove identity.\n");
        text.Append("NKEYs are sensitive and should be treated as secrets.\n\n");
        text.Append(SeedBegin).Append('\n').Append(Seed).Append('\n').Append(SeedEnd).Append("\n\n");
        text.Append("*************************************************************\n");
        return text.ToString();
    }

    /// <summary>Reads a <c>.creds</c> file's text; throws <see cref="FormatException"/> naming the missing block.</summary>
    public static NatsCredentials Parse(string credsFile)
    {
        ArgumentNullException.ThrowIfNull(credsFile);
        return new NatsCredentials(Block(credsFile, JwtBegin, JwtEnd, "user JWT"), Block(credsFile, SeedBegin, SeedEnd, "nkey seed"));
    }

    /// <summary>Masks the seed: records print their members, and a seed must never reach a log.</summary>
    public override string ToString() => $"NatsCredentials {{ Jwt = {Jwt}, Seed = ***** }}";

    private static string Block(string text, string begin, string end, string name)
    {
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var stop = start < 0 ? -1 : text.IndexOf(end, start + begin.Length, StringComparison.Ordinal);
        if (start < 0 || stop < 0)
        {
            throw new FormatException($"creds file: no {name} block");
        }
        var value = text[(start + begin.Length)..stop].Trim();
        if (value.Length == 0)
        {
            throw new FormatException($"creds file: the {name} block is empty");
        }
        return value;
    }
}
