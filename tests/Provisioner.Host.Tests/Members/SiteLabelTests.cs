using Akka.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using Provisioner.Host.Members;
using Xunit;

namespace Provisioner.Host.Tests.Members;

/// <summary><c>provisioner.site</c> labels every metric, which the registry allows only before its first metric exists.</summary>
public sealed class SiteLabelTests
{
    [Fact]
    public async Task A_member_whose_metrics_cannot_carry_the_site_refuses_to_start_naming_the_setting()
    {
        // Any metric in the process's registry (here one of the test's own) means the site label can no longer be set.
        Metrics.CreateCounter("provisioner_tests_site_label_refusal", "Makes the default registry non-empty for this test.").Inc(0);
        var settings = MemberSettings.Resolve(new MemberFlags(), _ => null, ConfigurationFactory.ParseString("""
            provisioner {
              site = "london"
              nats.url = "nats://127.0.0.1:1"
              jwt-verify-key = "/nonexistent/jwt.pub"
              server-jwt.signing-key = "/nonexistent/issuer.seed"
              ca-dir = "/nonexistent/ca"
            }
            """));

        var refusal = await Assert.ThrowsAsync<MemberConfigurationException>(() => MemberHost.StartAsync(settings, NullLoggerFactory.Instance));

        var problem = Assert.Single(refusal.Problems);
        Assert.StartsWith("provisioner.site: cannot label this process's metrics with it: ", problem);
    }
}
