namespace Provisioner.Actors.Onboarding.Helper;

/// <summary>Why a helper run produced no usable answer.</summary>
public enum HelperFailure
{
    /// <summary>The program could not be started (missing, not executable).</summary>
    NotStarted,

    /// <summary>The run outlasted the hard timeout and was killed with its children.</summary>
    TimedOut,

    /// <summary><c>exited with non 0 exitcode</c>.</summary>
    NonZeroExit,

    /// <summary><c>zero bytes received</c>.</summary>
    EmptyOutput,

    /// <summary><c>cannot decode output from &lt;helper&gt;</c>.</summary>
    UndecodableOutput,
}
