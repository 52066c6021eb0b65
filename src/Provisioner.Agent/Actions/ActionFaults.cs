namespace Provisioner.Agent.Actions;

/// <summary>The fault-free behaviour of a real node.</summary>
public sealed class ActionFaults : IActionFaults
{
    public static ActionFaults None { get; } = new();

    private ActionFaults()
    {
    }

    public bool CorruptNonceSignature() => false;

    public string? ReplaceCommonName(string requested) => null;

    public bool RefuseRestart() => false;

    public bool WithholdEcdhPublic() => false;
}
