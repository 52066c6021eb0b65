using Provisioner.Actors.Onboarding.Upgrades;
using Xunit;

namespace Provisioner.Actors.Tests.Onboarding.Upgrades;

public sealed class RpmVersionTests
{
    [Theory]
    [InlineData("0.29.04", "0.29.4", 0)]
    [InlineData("0.30.0", "v0.30.0", 1)]
    [InlineData("0.30.0", "0.29.4", 1)]
    [InlineData("0.29.10", "0.29.9", 1)]
    [InlineData("1.0~rc1", "1.0", -1)]
    [InlineData("1.0a", "1.0", 1)]
    [InlineData("1.0", "1_0", 0)]
    [InlineData("1:0.1", "0.9", 1)]
    [InlineData("x:1.0", "1.0", 0)]
    [InlineData("1.0-2", "1.0-10", -1)]
    [InlineData("1.0-1", "1.0-1", 0)]
    [InlineData("1.a", "1.1", -1)]
    public void Versions_compare_as_rpmvercmp_does(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(RpmVersion.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(RpmVersion.Compare(b, a)));
    }
}
