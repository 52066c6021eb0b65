namespace Provisioner.Actors.Onboarding.Helper;

/// <summary>
/// One helper run: either its parsed <see cref="Output"/> or a <see cref="Failure"/> with an
/// <see cref="Error"/> in the spec's words. <see cref="StderrTail"/> is for diagnostics only.
/// </summary>
public sealed record HelperResult
{
    public HelperOutput? Output { get; private init; }

    public HelperFailure? Failure { get; private init; }

    public string? Error { get; private init; }

    /// <summary>How long the helper ran, not counting the wait for a free slot.</summary>
    public TimeSpan Elapsed { get; private init; }

    /// <summary>The last few lines the helper wrote to stderr, shortened.</summary>
    public IReadOnlyList<string> StderrTail { get; private init; } = [];

    public bool Succeeded => Output is not null;

    /// <summary>What to do next; only for a successful run.</summary>
    public HelperOutcome Outcome() =>
        Output?.Outcome() ?? throw new InvalidOperationException($"the helper failed: {Error}");

    public static HelperResult Success(HelperOutput output, TimeSpan elapsed, IReadOnlyList<string> stderrTail) =>
        new() { Output = output, Elapsed = elapsed, StderrTail = stderrTail };

    public static HelperResult Failed(HelperFailure failure, string error, TimeSpan elapsed, IReadOnlyList<string> stderrTail) =>
        new() { Failure = failure, Error = error, Elapsed = elapsed, StderrTail = stderrTail };
}
