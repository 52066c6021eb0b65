using System.Globalization;
using System.Text.Json;
using Provisioner.Agent.Boot;
using Provisioner.Agent.Config;
using Provisioner.Agent.Files;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Security.Files;
using Provisioner.Security.KeyWrap;
using Provisioner.Security.Keys;
using Provisioner.Security.Pki;

namespace Provisioner.Agent.Actions;

/// <summary>
/// The <c>choria_provision</c> agent: the one implementation of its actions, run by the real agent over the
/// disk and by every simulated node over memory. Checks, their order and their messages follow Choria's
/// agent (spec §2): the provisioning lock first for the locked actions, then the mode, the input data,
/// the token, then the action's own checks. Not thread-safe: the node runtime calls it one request at a
/// time, as Choria's agent holds one mutex.
/// </summary>
public sealed partial class ProvisionActions(NodeContext node) : IDisposable
{
    public const string Agent = AgentNames.Provision;

    private static readonly HashSet<string> LockedActions = new(StringComparer.Ordinal) { "configure", "gen25519", "gencsr", "jwt", "release_update" };

    // The one list of the actions this agent answers: a name without a handler here is unknown, so it can
    // only ever be refused as UnknownAction, never reach another action's code.
    private static readonly Dictionary<string, Func<ProvisionActions, JsonElement, RequestEnvelope, ActionOutcome>> Handlers = new(StringComparer.Ordinal)
    {
        ["configure"] = (agent, data, envelope) => agent.Configure(data, envelope),
        ["gen25519"] = (agent, data, _) => agent.Gen25519(data),
        ["gencsr"] = (agent, data, _) => agent.GenCsr(data),
        ["jwt"] = (agent, data, _) => agent.Jwt(data),
        ["release_update"] = (agent, data, _) => agent.ReleaseUpdate(data),
        ["reprovision"] = (agent, data, envelope) => agent.Reprovision(data, envelope),
        ["restart"] = (agent, data, _) => agent.Restart(data),
        ["shutdown"] = (agent, data, _) => agent.Shutdown(data),
    };

    private readonly ProvisioningLock _lock = new(node.Clock);
    private X25519KeyPair? _ecdh;

    /// <summary>The actions this agent answers.</summary>
    public static IReadOnlyList<string> Actions { get; } = [.. Handlers.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Who holds the provisioning lock right now, if anyone.</summary>
    public string? LockHolder => _lock.Holder;

    public ActionOutcome Invoke(string action, JsonElement data, RequestEnvelope envelope)
    {
        if (!Handlers.TryGetValue(action, out var handler))
        {
            return ActionOutcome.Failed(action, StatusCode.UnknownAction, ActionMessages.UnknownAction(action, Agent));
        }
        if (LockedActions.Contains(action) && !_lock.TryAcquire(envelope.SenderId, envelope.CallerId))
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, ActionMessages.Locked);
        }
        return handler(this, data, envelope);
    }

    private ActionOutcome Jwt(JsonElement data)
    {
        const string action = "jwt";
        if (!RequireProvisioningMode(action, out var refused)
            || !TryRead<JwtRequest>(action, data, out var request, out refused)
            || !TokenMatches(action, request.Token, out refused))
        {
            return refused;
        }
        var token = node.Files.ReadText(node.Paths.TokenFile);
        if (token is null)
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, ActionMessages.TokenFileMissing);
        }
        _ecdh?.Dispose();
        _ecdh = null;
        if (node.Faults.WithholdEcdhPublic())
        {
            return Ok(action, new JwtReply(token.Trim()));
        }
        _ecdh = X25519KeyPair.Generate();
        return Ok(action, new JwtReply(token.Trim(), _ecdh.PublicKeyHex));
    }

    private ActionOutcome Gen25519(JsonElement data)
    {
        const string action = "gen25519";
        if (!RequireProvisioningMode(action, out var refused)
            || !TryRead<Gen25519Request>(action, data, out var request, out refused)
            || !TokenMatches(action, request.Token, out refused))
        {
            return refused;
        }
        using var key = Ed25519KeyPair.Generate();
        // A new seed invalidates the server JWT (and the NATS JWT bound to the same key): remove them first.
        node.Files.Delete(node.Paths.ServerJwtFile);
        node.Files.Delete(node.Paths.NatsJwtFile);
        node.Files.WriteText(node.Paths.SeedFile, key.ExportSeedHex(), FileModes.Secret);
        var signature = key.SignHex(request.Nonce);
        if (node.Faults.CorruptNonceSignature())
        {
            signature = (signature[0] == '0' ? "1" : "0") + signature[1..];
        }
        return Ok(action, new Gen25519Reply(key.PublicKeyHex, node.Paths.ConfigDirectory, signature));
    }

    private ActionOutcome GenCsr(JsonElement data)
    {
        const string action = "gencsr";
        if (!RequireProvisioningMode(action, out var refused)
            || !TryRead<GenCsrRequest>(action, data, out var request, out refused)
            || !TokenMatches(action, request.Token, out refused))
        {
            return refused;
        }
        var sslDir = node.Paths.SslDirectory(node.Boot.Config);
        var requested = string.IsNullOrEmpty(request.Cn) ? node.Identity : request.Cn;
        var commonName = node.Faults.ReplaceCommonName(requested) ?? requested;
        GeneratedCsr csr;
        try
        {
            csr = CsrFactory.Create(new CsrSubject(commonName, Empty(request.C), Empty(request.L), Empty(request.O), Empty(request.Ou), Empty(request.St)), node.CsrKeyAlgorithm);
        }
        catch (PkiException e)
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, $"Could not create CSR: {e.Message}");
        }
        node.Files.CreateDirectory(sslDir, FileModes.SslDirectory);
        node.Files.WriteText(Path.Combine(sslDir, "private.pem"), csr.PrivateKeyPem, FileModes.Secret);
        node.Files.WriteText(Path.Combine(sslDir, "csr.pem"), csr.CsrPem, FileModes.Public);
        return Ok(action, new GenCsrReply(csr.CsrPem, csr.PublicKeyPem, sslDir));
    }

    private ActionOutcome Configure(JsonElement data, RequestEnvelope envelope)
    {
        const string action = "configure";
        if (!RequireProvisioningMode(action, out var refused)
            || !TryRead<ConfigureRequest>(action, data, out var request, out refused)
            || !TokenMatches(action, request.Token, out refused))
        {
            return refused;
        }
        if (request.Config.Length == 0)
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, ActionMessages.EmptyConfiguration);
        }
        if (request.Key.Length != 0 && request.EcdhPublic.Length == 0)
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, ActionMessages.KeyWithoutEcdh);
        }
        if (ConfigurationMap.Parse(request.Config) is not { } settings)
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, $"Could not decode configuration data: {ConfigurationMap.Problem(request.Config)}");
        }
        // Choria checks policy names only after writing the rest; checking first keeps a bad request from changing anything.
        if (BadPolicyName(request.ActionPolicies, ".policy") is { } badActionPolicy)
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, $"Could not save Action Policies: {badActionPolicy}");
        }
        if (BadPolicyName(request.OpaPolicies, ".rego") is { } badOpaPolicy)
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, $"Could not save Open Policy Agent Policies: {badOpaPolicy}");
        }

        var tlsProblem = WriteTls(request);
        if (tlsProblem is not null)
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, $"TLS Setup Failed: {tlsProblem}");
        }
        if (request.ServerJwt.Length > 0)
        {
            node.Files.WriteText(node.Paths.ServerJwtFile, request.ServerJwt, FileModes.Secret);
        }
        if (!string.IsNullOrEmpty(request.NatsJwt))
        {
            node.Files.WriteText(node.Paths.NatsJwtFile, request.NatsJwt, FileModes.Secret);
        }
        int lines;
        try
        {
            var header = ServerConfigWriter.Header(envelope.RequestId, envelope.CallerId, envelope.SenderId, node.Clock.GetUtcNow());
            lines = ServerConfigWriter.Write(node.Files, node.Paths.ConfigFile, settings, header);
        }
        catch (ServerConfigException e)
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, $"Could not write config: {e.Message}");
        }
        WritePolicies(node.Paths.PoliciesDirectory, request.ActionPolicies);
        WritePolicies(node.Paths.RegoPoliciesDirectory, request.OpaPolicies);
        return new ActionOutcome(
            RpcReplyBody.Ok(action, RpcData.From(new ActionMessageReply($"Wrote {lines} lines to {node.Paths.ConfigFile}"))),
            [LifecycleEventType.Provisioned],
            null);
    }

    private ActionOutcome Restart(JsonElement data)
    {
        const string action = "restart";
        if (node.Mode != NodeMode.Provisioning && !HasToken)
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, ActionMessages.RestartWithoutToken);
        }
        if (!TryRead<RestartRequest>(action, data, out var request, out var refused) || !TokenMatches(action, request.Token, out refused))
        {
            return refused;
        }
        if (request.Splay < 0)
        {
            return ActionOutcome.Failed(action, StatusCode.InvalidData, "Validation failed: input 'splay' must not be negative");
        }
        var configFile = node.Paths.ConfigFile;
        bool enables;
        try
        {
            var text = node.Files.ReadText(configFile) ?? throw new ServerConfigException("the file does not exist");
            // The same rule boot applies: an unset setting falls back to chpd, which would bring the node straight back.
            enables = NodeBoot.EnablesProvisioning(ServerConfig.Parse(text, configFile), node.Boot.Token);
        }
        catch (ServerConfigException e)
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, ActionMessages.ConfigurationUnparsable(configFile, e.Message));
        }
        if (enables)
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, ActionMessages.EnablesProvisioning(configFile));
        }
        if (node.Faults.RefuseRestart())
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, "Restart refused by an injected fault");
        }
        var splay = request.Splay == 0 ? 10 : request.Splay;
        var delay = node.EffectDelay ?? TimeSpan.FromSeconds(Random.Shared.Next(splay) + 2);
        return new ActionOutcome(
            RpcReplyBody.Ok(action, RpcData.From(new ActionMessageReply($"Restarting Choria Server after {Seconds(delay)}"))),
            [],
            new NodeEffect.Restart(delay));
    }

    private ActionOutcome Reprovision(JsonElement data, RequestEnvelope envelope)
    {
        const string action = "reprovision";
        if (node.Mode == NodeMode.Provisioning)
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, ActionMessages.AlreadyProvisioning);
        }
        if (!TryRead<ReprovisionRequest>(action, data, out var request, out var refused) || !TokenMatches(action, request.Token, out refused))
        {
            return refused;
        }
        var settings = ReprovisionSettings.For(node.Boot.Config);
        try
        {
            var header = ServerConfigWriter.Header(envelope.RequestId, envelope.CallerId, envelope.SenderId, node.Clock.GetUtcNow());
            ServerConfigWriter.Write(node.Files, node.Paths.ConfigFile, settings, header);
        }
        catch (ServerConfigException e)
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, $"Could not write config: {e.Message}");
        }
        var delay = node.EffectDelay ?? TimeSpan.FromSeconds(Random.Shared.Next(10) + 2);
        return new ActionOutcome(
            RpcReplyBody.Ok(action, RpcData.From(new ActionMessageReply($"Restarting after {Seconds(delay)}"))),
            [],
            new NodeEffect.Restart(delay));
    }

    private ActionOutcome Shutdown(JsonElement data)
    {
        const string action = "shutdown";
        if (node.Mode != NodeMode.Provisioning && !HasToken)
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, ActionMessages.ShutdownWithoutToken);
        }
        if (!TryRead<ShutdownRequest>(action, data, out var request, out var refused) || !TokenMatches(action, request.Token, out refused))
        {
            return refused;
        }
        var delay = node.EffectDelay ?? TimeSpan.FromSeconds(Random.Shared.Next(10));
        return new ActionOutcome(
            RpcReplyBody.Ok(action, RpcData.From(new ActionMessageReply($"Shutting Choria Server down after {Seconds(delay)}"))),
            [],
            new NodeEffect.Shutdown(delay));
    }

    private bool HasToken => !string.IsNullOrEmpty(node.Boot.Token?.Token);

    private bool RequireProvisioningMode(string action, out ActionOutcome refused)
    {
        refused = null!;
        if (node.Mode == NodeMode.Provisioning)
        {
            return true;
        }
        refused = ActionOutcome.Failed(action, StatusCode.Aborted, ActionMessages.NotInProvisioningMode);
        return false;
    }

    private static bool TryRead<T>(string action, JsonElement data, out T request, out ActionOutcome refused)
    {
        request = default!;
        refused = null!;
        try
        {
            request = RpcData.Read<T>(data, $"{Agent}#{action}");
        }
        catch (ChoriaProtocolException e)
        {
            refused = ActionOutcome.Failed(action, StatusCode.InvalidData, $"Could not parse request data for {Agent}#{action}: {e.Message}");
            return false;
        }
        if (ActionInputs.Check(action, data) is { } invalid)
        {
            refused = ActionOutcome.Of(invalid);
            return false;
        }
        return true;
    }

    // A node without a token accepts any value, as Choria's does.
    private bool TokenMatches(string action, string supplied, out ActionOutcome refused)
    {
        refused = null!;
        var expected = node.Boot.Token?.Token;
        if (string.IsNullOrEmpty(expected) || string.Equals(supplied, expected, StringComparison.Ordinal))
        {
            return true;
        }
        refused = ActionOutcome.Failed(action, StatusCode.Aborted, ActionMessages.IncorrectToken);
        return false;
    }

    private string? WriteTls(ConfigureRequest request)
    {
        if (request.Certificate.Length == 0 || request.SslDir.Length == 0 || request.Ca.Length == 0)
        {
            return null;
        }
        string? privateKey = null;
        if (request.Key.Length > 0)
        {
            if (_ecdh is null)
            {
                return "could not decrypt private key: no Diffie-Hellman exchange was started (call jwt first)";
            }
            try
            {
                privateKey = EcdhKeyWrap.Unwrap(request.Key, _ecdh, request.EcdhPublic);
            }
            catch (KeyWrapException e)
            {
                return $"could not decrypt private key: {e.Message}";
            }
        }
        // Choria's configure makes a missing ssl directory 0700 (gencsr makes it 0771); an existing one keeps its mode.
        node.Files.CreateDirectory(request.SslDir, FileModes.PrivateDirectory);
        node.Files.WriteText(Path.Combine(request.SslDir, "certificate.pem"), request.Certificate, FileModes.Public);
        node.Files.WriteText(Path.Combine(request.SslDir, "ca.pem"), request.Ca, FileModes.Public);
        if (privateKey is not null)
        {
            node.Files.WriteText(Path.Combine(request.SslDir, "private.pem"), privateKey, FileModes.Secret);
            node.Files.Delete(Path.Combine(request.SslDir, "csr.pem"));
        }
        return null;
    }

    private static string? BadPolicyName(IReadOnlyDictionary<string, string> policies, string extension)
    {
        foreach (var name in policies.Keys)
        {
            if (!name.EndsWith(extension, StringComparison.Ordinal))
            {
                return $"expected \"{name}\" to have {extension} extension";
            }
            // The name becomes a path: it must not climb out of the policies directory.
            if (name.Contains('/') || name.Contains('\\') || name.StartsWith('.'))
            {
                return $"policy name \"{name}\" must be a plain file name";
            }
        }
        return null;
    }

    private void WritePolicies(string directory, IReadOnlyDictionary<string, string> policies)
    {
        if (policies.Count == 0)
        {
            return;
        }
        node.Files.DeleteDirectory(directory);
        node.Files.CreateDirectory(directory, FileModes.PrivateDirectory);
        foreach (var (name, text) in policies.Where(p => p.Key.Length > 0 && p.Value.Length > 0))
        {
            node.Files.WriteText(Path.Combine(directory, name), text, FileModes.ReadOnly);
        }
    }

    private static ActionOutcome Ok<T>(string action, T reply) => ActionOutcome.Of(RpcReplyBody.Ok(action, RpcData.From(reply)));

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Seconds(TimeSpan delay) => delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    public void Dispose() => _ecdh?.Dispose();
}
