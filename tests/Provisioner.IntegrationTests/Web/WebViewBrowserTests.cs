using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Provisioner.Agent.Fleet;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Web;

/// <summary>
/// The web view in a real browser (Debian's chromium driven by Playwright) during a real fleet run against two
/// members and a real nats-server: the counts move, the funnel ends in every node provisioned, both members show
/// with their shards, the failures show their reason, and one node's history comes back from the search box.
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class WebViewBrowserTests(NatsServerFixture nats) : OnboardingWorldTest(nats)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium.ExecutablePath(), Headless = true });
    }

    public override async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Page_follows_a_fleet_run_with_the_funnel_the_members_the_failures_and_a_nodes_history()
    {
        var first = await World.StartMemberAsync();
        var second = await World.StartMemberAsync(seeds: [first.Address]);
        await Eventually.TrueAsync(() => Task.FromResult(Akka.Cluster.Cluster.Get(first.System).State.Members.Count == 2), Patience, "two members up");
        var page = await _browser.NewPageAsync();
        await page.GotoAsync($"http://{second.WebEndPoint}/");
        await page.WaitForSelectorAsync("#status[data-state=live]", new() { Timeout = Ms(Patience) });

        var runs = Task.WhenAll(
            World.RunFleetAsync(40, "web"),
            World.RunFleetAsync(2, "forged", faults: FleetFaults.Parse("badsig=1"), timeout: TimeSpan.FromSeconds(90)));

        // The counts move while the fleet runs, before it is done.
        await page.WaitForFunctionAsync("() => Number(document.querySelector('#funnel li[data-stage=Provisioned]')?.dataset.now ?? 0) > 0", null, new() { Timeout = Ms(Patience) });
        var results = await runs;
        Assert.All(results, run => Assert.True(run.AllProvisioned, run.SummaryLine));
        // A node restarts 100 ms after its restart reply, possibly before the member has persisted that reply.
        await Eventually.TrueAsync(async () => (await World.JournalAsync("")).Count(r => r.FinalStage == NodeStage.Provisioned) == 42, Patience, "42 provisioned in the journal");

        await page.WaitForFunctionAsync("() => document.querySelector('#funnel li[data-stage=Provisioned]')?.dataset.now === '42'", null, new() { Timeout = Ms(Patience) });
        var funnel = await page.Locator("#funnel li").EvaluateAllAsync<string[]>("rows => rows.map(r => `${r.dataset.stage}:${r.dataset.now}:${r.dataset.reached}`)");
        Assert.Equal(
            ["Started:0:42", "TokenChecked:0:42", "KeyProven:0:42", "Inventoried:0:42", "CsrAccepted:0:42", "Signed:0:42", "JwtIssued:0:42", "Configured:0:42", "Provisioned:42:42"],
            funnel);
        Assert.Equal("42", await page.TextContentAsync("#nodes"));

        // Both members, each hosting node shards, and each named with what it provisioned; the oldest leads.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#members tbody tr')].filter(r => Number(r.dataset.shards) > 0).length === 2", null, new() { Timeout = Ms(Patience) });
        var members = await page.Locator("#members tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.address)");
        Assert.Equal(new[] { first.Address, second.Address }.Order(), members.Order());
        var provisionedBy = await page.Locator("#members tbody tr").EvaluateAllAsync<int[]>("rows => rows.map(r => Number(r.dataset.provisioned))");
        Assert.Equal(42, provisionedBy.Sum());
        Assert.Equal(first.Address, await page.TextContentAsync("#provisioning-leader"));
        Assert.Contains(second.Address, await page.TextContentAsync("#served-by"));

        // The forged nonces failed each node's first attempt, with the reason.
        var failures = await page.Locator("#failures tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => `${r.dataset.identity} ${r.innerText}`)");
        var forged = failures.Where(row => row.StartsWith("forged", StringComparison.Ordinal)).ToList();
        Assert.Equal(results[1].Nodes.Select(n => n.Identity).Order(), forged.Select(row => row.Split(' ')[0]).Order());
        Assert.All(forged, row => Assert.Contains("invalid nonce signature", row));

        var identity = results[0].Nodes[0].Identity;
        await page.FillAsync("#identity", identity);
        await page.ClickAsync("#search button");
        await page.WaitForSelectorAsync("#node:not([hidden])", new() { Timeout = Ms(Patience) });
        Assert.Equal(identity, await page.TextContentAsync("#node-identity"));
        Assert.Equal("Provisioned", await page.TextContentAsync("#node-stage"));
        // The history as the console's node history prints it: the attempt, its certificate, who provisioned it.
        var history = await page.Locator("#node-history li").AllTextContentsAsync();
        Assert.All(history, line => Assert.Contains(" attempt 1 ", line));
        Assert.Contains(history, line => line.Contains(" serial=", StringComparison.Ordinal));
        Assert.Matches($"Provisioned by ({Regex.Escape(first.Address)}|{Regex.Escape(second.Address)})$", history[^1]);

        await page.FillAsync("#identity", "not a node");
        await page.ClickAsync("#search button");
        await page.WaitForSelectorAsync("#node-error:not([hidden])", new() { Timeout = Ms(Patience) });
        Assert.Contains("identity", await page.TextContentAsync("#node-error"));
        Assert.True(await page.IsHiddenAsync("#node"));

        await page.FillAsync("#identity", identity);
        await page.ClickAsync("#search button");
        await page.WaitForSelectorAsync("#node:not([hidden])", new() { Timeout = Ms(Patience) });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = TestResultsDirectory.PathOf("web-view.png"), FullPage = true });
    }

    private static float Ms(TimeSpan t) => (float)t.TotalMilliseconds;
}
