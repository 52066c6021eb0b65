using System.Text.RegularExpressions;
using Provisioner.Security.Keys;
using Xunit;

namespace Provisioner.Security.Tests.Keys;

public class NonceFactoryTests
{
    [Fact]
    public void Creates_a_uuid_v4_without_dashes()
    {
        var nonce = NonceFactory.Create();

        Assert.Matches(new Regex("^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$"), nonce);
    }

    [Fact]
    public void Creates_a_different_nonce_each_time()
    {
        var nonces = Enumerable.Range(0, 100).Select(_ => NonceFactory.Create()).ToHashSet();

        Assert.Equal(100, nonces.Count);
    }
}
