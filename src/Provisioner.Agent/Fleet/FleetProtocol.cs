namespace Provisioner.Agent.Fleet;

/// <summary>Which Choria protocol the simulated nodes speak in provisioning mode (<c>provisioner fleet --protocol</c>).</summary>
public enum FleetProtocol
{
    /// <summary>As the provisioning token's <c>v2</c> claim says, as a real agent does.</summary>
    Token,

    /// <summary>Protocol v1 whatever the token says.</summary>
    V1,

    /// <summary>Protocol v2 whatever the token says.</summary>
    V2,

    /// <summary>Odd-numbered nodes v1, even-numbered nodes v2: one fleet, both protocols.</summary>
    Mixed,
}
