namespace Provisioner.Actors.Nodes;

/// <summary>
/// The persistence id of a machine's onboarding entity, <c>node-&lt;identity&gt;</c>. Part of the journal format:
/// the entity, the journal reader and the console all derive ids here.
/// </summary>
public static class NodePersistenceId
{
    public const string Prefix = "node-";

    public static string For(string identity) => Prefix + identity;

    /// <summary>The identity a node persistence id names, or null for any other persistence id.</summary>
    public static string? IdentityOf(string persistenceId) =>
        persistenceId.StartsWith(Prefix, StringComparison.Ordinal) ? persistenceId[Prefix.Length..] : null;
}
