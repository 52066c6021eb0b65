namespace Provisioner.Messages.Nodes;

/// <summary>A fact about one machine's onboarding, persisted in its journal.</summary>
public interface INodeEvent : IWithNodeIdentity
{
    /// <summary>The attempt this fact belongs to (1 for the first).</summary>
    int Attempt { get; }

    DateTimeOffset At { get; }
}
