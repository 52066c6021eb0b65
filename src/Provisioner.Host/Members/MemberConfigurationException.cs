namespace Provisioner.Host.Members;

/// <summary>A member cannot start: each problem names the setting and what is wrong.</summary>
public sealed class MemberConfigurationException(IReadOnlyList<string> problems)
    : Exception("member configuration: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
