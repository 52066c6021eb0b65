using Provisioner.Agent.Brokers;
using Provisioner.Security.Tokens;
using Xunit;

namespace Provisioner.Agent.Tests.Brokers;

public sealed class BrokerResolverTests
{
    private sealed class ScriptedSrv(params IReadOnlyList<SrvTarget>[] answers) : ISrvLookup
    {
        public List<string> Names { get; } = [];

        public Task<IReadOnlyList<SrvTarget>> LookupAsync(string name, CancellationToken cancellationToken)
        {
            Names.Add(name);
            var answer = answers[Math.Min(Names.Count - 1, answers.Length - 1)];
            return answer.Count == 1 && answer[0].Host == "throw"
                ? throw new InvalidOperationException("DNS server unreachable")
                : Task.FromResult(answer);
        }
    }

    private static ProvisioningClaims Token(string? urls = null, string? srv = null) =>
        new() { Token = "t", Urls = urls, SrvDomain = srv };

    [Fact]
    public async Task Uses_the_token_urls_adding_a_scheme_where_missing()
    {
        var srv = new ScriptedSrv();
        var resolver = new BrokerResolver(srv, TimeProvider.System);

        var urls = await resolver.ResolveAsync(Token(urls: "nats://a:4222, b:4222,tls://c:4222"), CancellationToken.None);

        Assert.Equal(["nats://a:4222", "nats://b:4222", "tls://c:4222"], urls);
        Assert.Empty(srv.Names);
    }

    [Fact]
    public async Task Looks_up_srv_records_until_they_answer_ordered_by_priority_and_weight()
    {
        var srv = new ScriptedSrv(
            [new SrvTarget("throw", 0, 0, 0)],
            [],
            [new SrvTarget("b.example.net", 4222, 20, 5), new SrvTarget("a.example.net", 4223, 10, 1), new SrvTarget("c.example.net", 4222, 10, 9)]);
        var resolver = new BrokerResolver(srv, TimeProvider.System);

        var urls = await resolver.ResolveAsync(Token(srv: "example.net"), CancellationToken.None);

        Assert.Equal(["nats://c.example.net:4222", "nats://a.example.net:4223", "nats://b.example.net:4222"], urls);
        Assert.Equal(3, srv.Names.Count);
        Assert.All(srv.Names, name => Assert.Equal("_choria-provisioner._tcp.example.net", name));
    }

    [Fact]
    public async Task Stops_looking_when_cancelled()
    {
        var resolver = new BrokerResolver(new ScriptedSrv([]), TimeProvider.System);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => resolver.ResolveAsync(Token(srv: "example.net"), cancel.Token));
    }

    [Fact]
    public void Backoff_grows_to_at_most_twenty_seconds()
    {
        var random = new Random(1);

        Assert.InRange(Backoff.TwentySeconds(1, random), TimeSpan.FromSeconds(0.25), TimeSpan.FromSeconds(0.75));
        Assert.All(Enumerable.Range(1, 100), attempt => Assert.InRange(Backoff.TwentySeconds(attempt, random), TimeSpan.Zero, Backoff.Maximum));
        Assert.True(Backoff.TwentySeconds(30, random) >= TimeSpan.FromSeconds(10));
    }
}
