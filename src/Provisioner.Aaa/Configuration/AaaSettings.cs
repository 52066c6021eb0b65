using System.Text.Json;
using Provisioner.Aaa.Login;

namespace Provisioner.Aaa.Configuration;

/// <summary>
/// The checked AAA configuration: which of login, signing and auditing run, and with what. Built from the aaasvc
/// file as it is written (<see cref="Load"/>); every problem is collected and reported at once, naming its key.
/// What Go accepts but cannot run here (OPA, chained tokens, v2 delegation, the JetStream auditor) is refused
/// with a reason rather than half-supported.
/// </summary>
public sealed record AaaSettings
{
    public const string UserlistAuthenticator = "userlist";
    public const string BasicJwtSigner = "basicjwt";
    public const string ActionListAuthorizer = "actionlist";
    public const string LogfileAuditor = "logfile";

    public string Site { get; init; } = "default";

    /// <summary>The HTTP port; 0 leaves HTTP off.</summary>
    public int Port { get; init; }

    public string TlsCertificate { get; init; } = "";
    public string TlsKey { get; init; } = "";
    public string TlsCa { get; init; } = "";

    /// <summary>Login settings, or null when no authenticator is configured.</summary>
    public LoginSettings? Login { get; init; }

    /// <summary>Signing settings, or null when no signer is configured.</summary>
    public SignerSettings? Signer { get; init; }

    /// <summary>The logfile auditor's path ("" writes to stdout), or null when that auditor is off.</summary>
    public string? AuditLogfile { get; init; }

    /// <summary>Reads and checks an aaasvc configuration file.</summary>
    /// <exception cref="AaaConfigException">The file is unreadable, not the expected JSON, or describes something that cannot run.</exception>
    public static AaaSettings Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AaaConfigException([$"cannot read AAA configuration {path}: {e.Message}"]);
        }
        return Parse(text, path);
    }

    /// <summary>Checks configuration text; <paramref name="source"/> names it in errors.</summary>
    public static AaaSettings Parse(string json, string source = "AAA configuration")
    {
        AaaConfigFile file;
        try
        {
            file = JsonSerializer.Deserialize(json, AaaJsonContext.Default.AaaConfigFile)
                ?? throw new AaaConfigException([$"{source}: expected a JSON object"]);
        }
        catch (JsonException e)
        {
            throw new AaaConfigException([$"{source}: not valid AAA configuration JSON: {e.Message}"]);
        }
        return From(file);
    }

    /// <summary>Checks a parsed file.</summary>
    public static AaaSettings From(AaaConfigFile file)
    {
        var problems = new List<string>();
        var login = LoginFrom(file, problems);
        var signer = SignerFrom(file, problems);
        var audit = AuditFrom(file, problems);
        if (file.Port < 0 || file.Port > 65535)
        {
            problems.Add($"port: {file.Port} is not a TCP port");
        }
        if (problems.Count > 0)
        {
            throw new AaaConfigException(problems);
        }
        return new AaaSettings
        {
            Site = string.IsNullOrWhiteSpace(file.Site) ? "default" : file.Site,
            Port = file.Port,
            TlsCertificate = file.TlsCertificate ?? "",
            TlsKey = file.TlsKey ?? "",
            TlsCa = file.TlsCa ?? "",
            Login = login,
            Signer = signer,
            AuditLogfile = audit,
        };
    }

    private static LoginSettings? LoginFrom(AaaConfigFile file, List<string> problems)
    {
        switch (file.Authenticator ?? "")
        {
            case "":
                return null;
            case "okta":
                problems.Add("authenticator: okta authenticator has been removed");
                return null;
            case UserlistAuthenticator:
                break;
            default:
                problems.Add($"authenticator: unknown authenticator: {file.Authenticator}");
                return null;
        }
        if (file.UserlistAuthenticator is not { } section)
        {
            problems.Add("userlist_authenticator: userlist authenticator enabled without a valid configuration");
            return null;
        }
        var count = problems.Count;
        var validity = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(section.Validity))
        {
            problems.Add("userlist_authenticator.validity: is required");
        }
        else
        {
            try
            {
                validity = GoDuration.Parse(section.Validity);
            }
            catch (FormatException e)
            {
                problems.Add($"userlist_authenticator.validity: invalid token validity: {e.Message}");
            }
        }
        if (string.IsNullOrWhiteSpace(section.SigningKey))
        {
            problems.Add("userlist_authenticator.signing_key: is required, the key that signs client tokens");
        }
        if (!string.IsNullOrWhiteSpace(section.SigningToken))
        {
            problems.Add("userlist_authenticator.signing_token: chained (organisation-issuer) tokens are not supported by this service; sign tokens with signing_key alone");
        }
        if ((section.Users is null || section.Users.Count == 0) && string.IsNullOrWhiteSpace(section.UsersFile))
        {
            problems.Add("userlist_authenticator: neither users nor users_file lists anyone who may log in");
        }
        return problems.Count > count
            ? null
            : new LoginSettings(section.Users ?? [], NullIfBlank(section.UsersFile), validity, section.SigningKey!);
    }

    private static SignerSettings? SignerFrom(AaaConfigFile file, List<string> problems)
    {
        switch (file.Signer ?? "")
        {
            case "":
                return null;
            case BasicJwtSigner:
                break;
            default:
                problems.Add($"signer: unknown signer: {file.Signer}");
                return null;
        }
        var count = problems.Count;
        switch (file.Authorizer ?? "")
        {
            case ActionListAuthorizer:
                break;
            case "":
                problems.Add("authorizer: the basicjwt signer needs an authorizer (actionlist)");
                break;
            case "opa":
                problems.Add("authorizer: opa is not supported: no maintained .NET evaluator of Rego policies is available; use actionlist");
                break;
            default:
                problems.Add($"authorizer: unknown authorizer: {file.Authorizer}");
                break;
        }
        if (file.BasicJwtSigner is not { } section)
        {
            problems.Add("basicjwt_signer: basicjwt signer enabled without a valid configuration");
            return null;
        }
        var maxValidity = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(section.MaxValidity))
        {
            problems.Add("basicjwt_signer.max_validity: max_validity is required");
        }
        else
        {
            try
            {
                maxValidity = GoDuration.Parse(section.MaxValidity);
            }
            catch (FormatException e)
            {
                problems.Add($"basicjwt_signer.max_validity: {e.Message}");
            }
        }
        if (string.IsNullOrWhiteSpace(section.SigningCertificate))
        {
            problems.Add("basicjwt_signer.signing_certificate: is required, the key that verifies client tokens");
        }
        if (!string.IsNullOrWhiteSpace(section.SigningToken) || !string.IsNullOrWhiteSpace(section.SigningSeed))
        {
            problems.Add("basicjwt_signer.signing_token/signing_seed: v2 delegated signing is not supported by this service; sign v1 requests with the choria_config certificate");
        }
        if (string.IsNullOrWhiteSpace(file.ChoriaConfig))
        {
            problems.Add("choria_config: the signer wraps requests with the privileged certificate and key this Choria configuration names (plugin.security.file.certificate, plugin.security.file.key)");
        }
        return problems.Count > count
            ? null
            : new SignerSettings(section.SigningCertificate!, maxValidity, section.ChoriaService, section.AllowBearerTokens, file.ChoriaConfig!);
    }

    private static string? AuditFrom(AaaConfigFile file, List<string> problems)
    {
        string? logfile = null;
        foreach (var auditor in file.Auditors ?? [])
        {
            switch (auditor)
            {
                case LogfileAuditor when file.LogfileAuditor is null:
                    problems.Add("logfile_auditor: logfile auditor enabled without a valid configuration");
                    break;
                case LogfileAuditor:
                    logfile = file.LogfileAuditor.Logfile ?? "";
                    break;
                case "natsstream":
                    problems.Add("auditors: NATS Streaming Server auditor has been removed");
                    break;
                case "jetstream":
                    problems.Add("auditors: the jetstream auditor is not supported by this service; use logfile (every decision is also kept in the cluster's journal)");
                    break;
                default:
                    problems.Add($"auditors: unknown auditor: {auditor}");
                    break;
            }
        }
        return logfile;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>What the userlist authenticator runs with; <see cref="Validity"/> of zero means one hour, as in Go.</summary>
public sealed record LoginSettings(IReadOnlyList<UserRecord> Users, string? UsersFile, TimeSpan Validity, string SigningKeyPath);

/// <summary>What the basicjwt signer runs with.</summary>
public sealed record SignerSettings(string SigningCertificate, TimeSpan MaxValidity, bool ChoriaService, bool AllowBearerTokens, string ChoriaConfig);
