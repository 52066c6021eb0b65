namespace Provisioner.Messages.Nodes;

/// <summary>The recent events of a node, oldest first.</summary>
public sealed record NodeHistory(string Identity, IReadOnlyList<string> Events) : IProvisionerMessage;
