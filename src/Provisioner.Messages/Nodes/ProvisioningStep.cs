namespace Provisioner.Messages.Nodes;

/// <summary>The steps of one onboarding attempt, in the order of the Choria protocol (spec §2).</summary>
public enum ProvisioningStep
{
    /// <summary><c>choria_provision#jwt</c>: fetch and verify the node's provisioning token, get its ECDH key.</summary>
    Jwt,

    /// <summary><c>choria_provision#gen25519</c>: the node proves it holds a fresh Ed25519 key by signing our nonce.</summary>
    Gen25519,

    /// <summary><c>rpcutil#inventory</c>: the node's agents, facts and version.</summary>
    Inventory,

    /// <summary><c>choria_provision#gencsr</c>: the node makes a key and a CSR for its identity.</summary>
    Gencsr,

    /// <summary>Our CA (or the external helper) signs the CSR and the configuration is prepared.</summary>
    Sign,

    /// <summary>The server JWT for the node's Ed25519 key is issued.</summary>
    IssueServerJwt,

    /// <summary><c>choria_provision#configure</c>: certificate, JWT and configuration are written on the node.</summary>
    Configure,

    /// <summary><c>choria_provision#restart</c>: the node restarts into its provisioned configuration.</summary>
    Restart,

    /// <summary><c>choria_provision#shutdown</c>: the helper asked for the node to be stopped for good.</summary>
    Shutdown,

    /// <summary><c>choria_provision#release_update</c> (feature <c>upgrades</c>): the node moves to the helper's version before it is configured.</summary>
    Upgrade,
}
