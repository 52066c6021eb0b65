namespace Provisioner.Messages.Wire;

/// <summary>The status code of a Choria RPC reply body; the numbers are fixed by the protocol.</summary>
public enum StatusCode
{
    Ok = 0,
    Aborted = 1,
    UnknownAction = 2,
    MissingData = 3,
    InvalidData = 4,
    UnknownError = 5,
}
