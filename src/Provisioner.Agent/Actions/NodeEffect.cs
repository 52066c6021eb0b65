namespace Provisioner.Agent.Actions;

/// <summary>What a node does after it has replied to an action; the runtime that hosts the node carries it out.</summary>
public abstract record NodeEffect(TimeSpan Delay)
{
    /// <summary>
    /// Emit <c>shutdown</c>, wait <see cref="NodeEffect.Delay"/>, then boot again from the files (Choria re-execs;
    /// this .NET agent re-initialises in-process instead).
    /// </summary>
    public sealed record Restart(TimeSpan Delay) : NodeEffect(Delay);

    /// <summary>Wait <see cref="NodeEffect.Delay"/>, emit <c>shutdown</c> and stop for good (exit code 0, so systemd leaves it down).</summary>
    public sealed record Shutdown(TimeSpan Delay) : NodeEffect(Delay);

    /// <summary>
    /// A release was installed: emit <c>shutdown</c>, wait <see cref="NodeEffect.Delay"/>, then start the new release. The
    /// real agent execs its replaced executable with the same arguments; a simulated node boots again reporting
    /// <see cref="Version"/>.
    /// </summary>
    public sealed record Upgrade(TimeSpan Delay, string Version) : NodeEffect(Delay);
}
