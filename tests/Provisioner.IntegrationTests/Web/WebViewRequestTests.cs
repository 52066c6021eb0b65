using System.Net;
using System.Text.Json;
using Provisioner.Host.Members;
using Provisioner.Host.Web;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Web;

/// <summary>What the web view answers over plain HTTP: refusals in one sentence, its own assets only, loopback names only, live snapshots.</summary>
[Collection(NatsServerFixture.Collection)]
public sealed class WebViewRequestTests(NatsServerFixture nats) : OnboardingWorldTest(nats)
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public override async Task DisposeAsync()
    {
        _http.Dispose();
        await base.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(MemberHost member, string path, string? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{member.WebEndPoint}{path}");
        if (host is not null) request.Headers.Host = host;
        var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private static string Error(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;

    [Fact]
    public async Task Search_refuses_a_malformed_oversized_missing_or_unknown_identity_in_one_sentence_without_a_stack_trace()
    {
        var member = await World.StartMemberAsync();
        var oversized = new string('a', 2000) + ".example.net";
        var cases = new (string Query, HttpStatusCode Status, string Error)[]
        {
            ($"?identity={oversized}", HttpStatusCode.BadRequest, "bytes long; at most 253 are allowed"),
            ("?identity=bad%20name%2F..", HttpStatusCode.BadRequest, "identity 'bad name/..'"),
            ("?identity=%00", HttpStatusCode.BadRequest, "identity"),
            ("", HttpStatusCode.BadRequest, "identity: give one node identity"),
            ("?identity=", HttpStatusCode.BadRequest, "identity: give one node identity"),
            ("?identity=a.example.net&identity=b.example.net", HttpStatusCode.BadRequest, "identity: give one node identity"),
            ("?identity=never-seen.example.net", HttpStatusCode.NotFound, "node never-seen.example.net is unknown: nothing about it is in the journal"),
        };
        foreach (var (query, status, error) in cases)
        {
            var (actualStatus, body, response) = await GetAsync(member, "/api/node" + query);
            Assert.True(status == actualStatus, $"{query[..Math.Min(query.Length, 60)]}: {actualStatus} {body}");
            Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
            Assert.Contains(error, Error(body));
            Assert.DoesNotContain(" at Provisioner.", body);
            Assert.True(body.Length < 1000, body);
        }
    }

    [Fact]
    public async Task Page_and_its_assets_come_from_the_member_under_a_policy_that_allows_nothing_from_elsewhere()
    {
        var member = await World.StartMemberAsync();
        foreach (var (path, type) in new[] { ("/", "text/html"), ("/app.js", "text/javascript"), ("/app.css", "text/css") })
        {
            var (status, body, response) = await GetAsync(member, path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.StartsWith(type, response.Content.Headers.ContentType?.ToString());
            Assert.DoesNotContain("http://", body);
            Assert.DoesNotContain("https://", body);
            Assert.Equal("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
        var (missing, missingBody, _) = await GetAsync(member, "/etc/passwd");
        Assert.Equal((HttpStatusCode.NotFound, "nothing is served at /etc/passwd"), (missing, Error(missingBody)));
    }

    [Fact]
    public async Task On_loopback_a_request_addressed_to_another_name_is_refused()
    {
        var member = await World.StartMemberAsync();
        var port = member.WebEndPoint!.Port;

        var (refused, body, _) = await GetAsync(member, "/api/snapshot", $"fleet.attacker.example:{port}");
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal("Host: this web view listens on loopback and answers only requests addressed to 127.0.0.1, ::1 or localhost", Error(body));

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(member, "/", $"localhost:{port}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(member, "/")).Status);
    }

    [Fact]
    public async Task Snapshots_stream_as_server_sent_events_and_viewers_beyond_the_limit_are_turned_away()
    {
        var member = await World.StartMemberAsync();
        var streams = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < WebViewServer.MaxLiveViews; i++)
            {
                var response = await _http.GetAsync($"http://{member.WebEndPoint}/api/events", HttpCompletionOption.ResponseHeadersRead);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
                streams.Add(response);
            }
            using var reader = new StreamReader(await streams[0].Content.ReadAsStreamAsync());
            Assert.Equal("event: snapshot", await reader.ReadLineAsync());
            var data = await reader.ReadLineAsync();
            Assert.StartsWith("data: ", data);
            var snapshot = JsonDocument.Parse(data!["data: ".Length..]).RootElement;
            Assert.Equal(member.Address, snapshot.GetProperty("servedBy").GetString());
            Assert.Equal(member.Address, snapshot.GetProperty("members")[0].GetProperty("address").GetString());
            Assert.Equal(FleetProjection.Pipeline.Count, snapshot.GetProperty("funnel").GetArrayLength());
            Assert.Equal(FleetProjection.RateSeconds, snapshot.GetProperty("rate").GetArrayLength());

            var (status, body, _) = await GetAsync(member, "/api/events");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal($"{WebViewServer.MaxLiveViews} live views are open on this member already; close one or use another member", Error(body));
        }
        finally
        {
            foreach (var stream in streams) stream.Dispose();
        }
        // Closed views free their places.
        await Eventually.TrueAsync(async () =>
        {
            using var again = await _http.GetAsync($"http://{member.WebEndPoint}/api/events", HttpCompletionOption.ResponseHeadersRead);
            return again.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(30), "a place frees up");
    }

    [Fact]
    public async Task Web_view_off_serves_nothing()
    {
        var member = await World.StartMemberAsync("web.bind = off");
        Assert.Null(member.WebEndPoint);
    }
}
