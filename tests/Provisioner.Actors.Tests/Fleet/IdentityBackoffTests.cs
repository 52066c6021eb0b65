using Provisioner.Actors.Admission;
using Xunit;

namespace Provisioner.Actors.Tests.Fleet;

public sealed class IdentityBackoffTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Waits_double_with_each_failure_up_to_the_cap()
    {
        var backoff = new IdentityBackoff(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), 10);
        Assert.Equal(
            [5, 10, 20, 40, 60, 60],
            Enumerable.Range(1, 6).Select(n => backoff.WaitAfter(n).TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(1), backoff.WaitAfter(1000));
    }

    [Fact]
    public void A_failing_identity_waits_and_success_forgets_it()
    {
        var backoff = new IdentityBackoff(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), 10);
        backoff.Failed("n1", "no answer", T0);
        var second = backoff.Failed("n1", "still no answer", T0);
        Assert.Equal(T0.AddSeconds(10), second!.RetryAt);
        Assert.True(backoff.IsWaiting("n1", T0.AddSeconds(9)));
        Assert.False(backoff.IsWaiting("n1", T0.AddSeconds(10)));
        backoff.Succeeded("n1");
        Assert.Equal(0, backoff.Of("n1").Failures);
    }

    [Fact]
    public void Holds_at_most_its_capacity_and_forgets_identities_quiet_for_a_cap()
    {
        var backoff = new IdentityBackoff(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), 2);
        backoff.Failed("a", "x", T0);
        backoff.Failed("b", "x", T0);
        Assert.Null(backoff.Failed("c", "x", T0));
        Assert.Equal(2, backoff.Count);
        backoff.Prune(T0.AddSeconds(5 + 61));
        Assert.Equal(0, backoff.Count);
    }
}
