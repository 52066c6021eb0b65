using NATS.NKeys;
using Provisioner.Messages.Wire;

namespace Provisioner.Security.Broker;

/// <summary>
/// Every key and JWT a broker needs for NATS decentralized auth: an operator; the system account; the
/// provisioning account (exports lifecycle events; holds the provisioner and the provisioning-mode
/// bearer user); and the fleet account (imports the lifecycle events; its signing key mints the
/// machines' user JWTs at run time). Pure: nothing is written until <see cref="BrokerDirectory"/> does.
/// </summary>
public sealed class BrokerSetup : IDisposable
{
    private BrokerSetup(
        KeyPair @operator, KeyPair systemAccount, KeyPair provisioningAccount, KeyPair provisioningSigner,
        KeyPair fleetAccount, KeyPair fleetSigner, KeyPair provisioner)
    {
        Operator = @operator;
        SystemAccount = systemAccount;
        ProvisioningAccount = provisioningAccount;
        ProvisioningSigner = provisioningSigner;
        FleetAccount = fleetAccount;
        FleetSigner = fleetSigner;
        Provisioner = provisioner;
    }

    public KeyPair Operator { get; }
    public KeyPair SystemAccount { get; }
    public KeyPair ProvisioningAccount { get; }

    /// <summary>Signs the provisioning-mode bearer JWTs; kept apart from the account key that signs the provisioner's JWT.</summary>
    public KeyPair ProvisioningSigner { get; }

    public KeyPair FleetAccount { get; }

    /// <summary>Signs the provisioned machines' user JWTs (see <see cref="MachineCredentialIssuer"/>).</summary>
    public KeyPair FleetSigner { get; }

    /// <summary>The provisioner's own user nkey.</summary>
    public KeyPair Provisioner { get; }

    public string OperatorJwt { get; private init; } = "";
    public string SystemAccountJwt { get; private init; } = "";
    public string ProvisioningAccountJwt { get; private init; } = "";
    public string FleetAccountJwt { get; private init; } = "";
    public NatsCredentials ProvisionerCredentials { get; private init; } = new("", "");
    public string ProvisioningModeJwt { get; private init; } = "";

    /// <summary>Makes fresh keys and signs every JWT at <paramref name="now"/>.</summary>
    public static BrokerSetup Generate(BrokerSetupOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        ProvisioningAccountUsers.RequireNetworks(options.ProvisionerNetworks);
        if (options.ProvisionerValidity <= TimeSpan.Zero || options.ProvisioningModeValidity <= TimeSpan.Zero)
        {
            throw new ArgumentException("validity: must be positive", nameof(options));
        }

        var op = KeyPair.CreatePair(PrefixByte.Operator);
        var sys = KeyPair.CreatePair(PrefixByte.Account);
        var prov = KeyPair.CreatePair(PrefixByte.Account);
        var provSigner = KeyPair.CreatePair(PrefixByte.Account);
        var fleet = KeyPair.CreatePair(PrefixByte.Account);
        var fleetSigner = KeyPair.CreatePair(PrefixByte.Account);
        var provisioner = KeyPair.CreatePair(PrefixByte.User);
        var iat = now.ToUnixTimeSeconds();

        var provisioningAccountJwt = NatsJwt.Sign(
            new NatsAccountClaims(NatsJwtIds.New(), iat, op.GetPublicKey(), "PROVISIONING", prov.GetPublicKey(), new NatsAccount(
                NatsAccountLimits.WithoutJetStream,
                [provSigner.GetPublicKey()],
                [new NatsExport("lifecycle", Subjects.AnyLifecycleEvent, "stream")],
                null)),
            op);
        var fleetAccountJwt = NatsJwt.Sign(
            new NatsAccountClaims(NatsJwtIds.New(), iat, op.GetPublicKey(), "FLEET", fleet.GetPublicKey(), new NatsAccount(
                NatsAccountLimits.WithJetStream,
                [fleetSigner.GetPublicKey()],
                null,
                [new NatsImport("provisioning lifecycle", Subjects.AnyLifecycleEvent, prov.GetPublicKey(), "stream")])),
            op);

        return new BrokerSetup(op, sys, prov, provSigner, fleet, fleetSigner, provisioner)
        {
            OperatorJwt = NatsJwt.Sign(
                new NatsOperatorClaims(NatsJwtIds.New(), iat, op.GetPublicKey(), "PROVISIONER", op.GetPublicKey(), new NatsOperator(sys.GetPublicKey())),
                op),
            SystemAccountJwt = NatsJwt.Sign(
                new NatsAccountClaims(NatsJwtIds.New(), iat, op.GetPublicKey(), "SYS", sys.GetPublicKey(), new NatsAccount(
                    NatsAccountLimits.WithoutJetStream, null, null, null)),
                op),
            ProvisioningAccountJwt = provisioningAccountJwt,
            FleetAccountJwt = fleetAccountJwt,
            ProvisionerCredentials = new NatsCredentials(
                ProvisioningAccountUsers.MintProvisioner(prov.GetPublicKey(), prov, provisioner.GetPublicKey(),
                    options.ProvisionerNetworks, now, now + options.ProvisionerValidity),
                provisioner.GetSeed()),
            ProvisioningModeJwt = ProvisioningAccountUsers.MintProvisioningModeBearer(prov.GetPublicKey(), provSigner, now, now + options.ProvisioningModeValidity),
        };
    }

    /// <summary>The public keys others need, without any secret.</summary>
    public BrokerManifest Manifest(int port, bool tls) => new(
        Operator.GetPublicKey(),
        SystemAccount.GetPublicKey(),
        ProvisioningAccount.GetPublicKey(),
        ProvisioningSigner.GetPublicKey(),
        FleetAccount.GetPublicKey(),
        FleetSigner.GetPublicKey(),
        Provisioner.GetPublicKey(),
        port,
        tls);

    public void Dispose()
    {
        foreach (var key in new[] { Operator, SystemAccount, ProvisioningAccount, ProvisioningSigner, FleetAccount, FleetSigner, Provisioner })
        {
            key.Dispose();
        }
    }
}
