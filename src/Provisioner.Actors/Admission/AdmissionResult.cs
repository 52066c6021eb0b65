using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Admission;

/// <summary>Whether a node may have an entity: <see cref="Admitted"/>, or not admitted with why, as <see cref="Unanswered"/> or <see cref="Refused"/>.</summary>
public abstract record AdmissionResult
{
    private AdmissionResult()
    {
    }

    /// <summary>The metric label of the result: <c>admitted</c>, <c>unanswered</c> or <c>refused</c>.</summary>
    public abstract string Label { get; }

    /// <summary>
    /// The node proved it holds a valid provisioning token; <paramref name="Token"/> is its answer, handed to the entity
    /// with the start (null when the admission asked the node nothing).
    /// </summary>
    public sealed record Admitted(AdmittedToken? Token) : AdmissionResult
    {
        public static Admitted Instance { get; } = new((AdmittedToken?)null);

        public override string Label => "admitted";
    }

    /// <summary>No usable answer in time: a name with no machine behind it, a machine too busy to answer, or an error status.</summary>
    public sealed record Unanswered(string Reason) : AdmissionResult
    {
        public override string Label => "unanswered";
    }

    /// <summary>The node answered with a token or key that does not verify.</summary>
    public sealed record Refused(string Reason) : AdmissionResult
    {
        public override string Label => "refused";
    }
}
