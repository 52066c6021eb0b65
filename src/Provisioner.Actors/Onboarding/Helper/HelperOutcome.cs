namespace Provisioner.Actors.Onboarding.Helper;

/// <summary>What a helper's answer tells the provisioner to do with the node (spec §2 step 5).</summary>
public abstract record HelperOutcome
{
    private HelperOutcome()
    {
    }

    /// <summary>Go on: sign, wrap and configure the node with <paramref name="Output"/>.</summary>
    public sealed record Configure(HelperOutput Output) : HelperOutcome;

    /// <summary>Fail this attempt with <paramref name="Reason"/> (<c>configuration defered: &lt;msg&gt;</c>); retried later.</summary>
    public sealed record Defer(string Reason) : HelperOutcome;

    /// <summary>Send the node a <c>shutdown</c>; counts as success.</summary>
    public sealed record Shutdown(string? Message) : HelperOutcome;
}
