namespace Provisioner.Aaa.Configuration;

/// <summary>An AAA configuration that cannot run; each problem names its key.</summary>
public sealed class AaaConfigException(IReadOnlyList<string> problems)
    : Exception(string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
