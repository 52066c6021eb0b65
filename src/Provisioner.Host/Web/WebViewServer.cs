using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Provisioner.Aaa.Http;
using Provisioner.Actors.Cluster;

namespace Provisioner.Host.Web;

/// <summary>
/// The member's web view: a read-only page of the fleet (<c>/</c>, its script and style, all embedded), the fleet
/// as JSON (<c>/api/snapshot</c>) and as server-sent events (<c>/api/events</c>, one snapshot a second), and one
/// node's history (<c>/api/node?identity=</c>). Nothing here changes the cluster, so it asks for no login.
/// </summary>
public sealed class WebViewServer : IAsyncDisposable
{
    /// <summary>Live views open at once; more get 503, so viewers cannot pile up work on a member.</summary>
    public const int MaxLiveViews = 32;

    private readonly WebApplication _app;
    private readonly FleetFeed _feed;

    private WebViewServer(WebApplication app, FleetFeed feed, IPEndPoint endPoint)
    {
        _app = app;
        _feed = feed;
        EndPoint = endPoint;
    }

    /// <summary>The address it listens on, with the port bound (useful when asked for port 0).</summary>
    public IPEndPoint EndPoint { get; }

    /// <exception cref="IOException">The address cannot be listened on.</exception>
    public static async Task<WebViewServer> StartAsync(IPEndPoint bind, FleetFeed feed, NodeLookup lookup, ILogger logger, CancellationToken cancellation)
    {
        // Production whatever ASPNETCORE_ENVIRONMENT says: a development exception page would show stack traces.
        var builder = EmbeddedWebServer.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(bind));
        var app = builder.Build();
        var live = 0;
        app.Use(async (context, next) =>
        {
            SecurityHeaders(context.Response.Headers);
            if (IPAddress.IsLoopback(bind.Address) && !LoopbackHostCheck.Allows(context.Request.Host))
            {
                await ErrorAsync(context, StatusCodes.Status400BadRequest, "Host: this web view listens on loopback and answers only requests addressed to 127.0.0.1, ::1 or localhost");
                return;
            }
            try
            {
                await next(context);
            }
            catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
            {
                logger.LogWarning(e, "web view: {Path} failed", context.Request.Path.Value);
                await ErrorAsync(context, StatusCodes.Status500InternalServerError, "the request failed; the member's log says why");
            }
        });
        foreach (var path in WebAssets.Paths)
        {
            app.MapGet(path, (HttpContext context) =>
            {
                var (content, type) = WebAssets.Get(path);
                context.Response.Headers.CacheControl = "no-cache";
                return Results.Bytes(content, type);
            });
        }
        app.MapGet("/api/snapshot", async (HttpContext context) =>
        {
            using var subscription = feed.Subscribe();
            var snapshot = await subscription.Snapshots.ReadAsync(context.RequestAborted);
            await JsonAsync(context, StatusCodes.Status200OK, snapshot, WebJson.Default.FleetSnapshot);
        });
        app.MapGet("/api/events", async (HttpContext context) =>
        {
            if (Interlocked.Increment(ref live) > MaxLiveViews)
            {
                Interlocked.Decrement(ref live);
                await ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, $"{MaxLiveViews} live views are open on this member already; close one or use another member");
                return;
            }
            try
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, app.Lifetime.ApplicationStopping);
                await TypedResults.ServerSentEvents(Snapshots(feed, stop.Token), "snapshot").ExecuteAsync(context);
            }
            finally
            {
                Interlocked.Decrement(ref live);
            }
        });
        app.MapGet("/api/node", (HttpContext context) => NodeAsync(context, lookup));
        app.MapFallback((HttpContext context) => ErrorAsync(context, StatusCodes.Status404NotFound, $"nothing is served at {context.Request.Path}"));
        await app.StartAsync(cancellation);
        var port = app.Urls.Select(u => new Uri(u)).First().Port;
        return new WebViewServer(app, feed, new IPEndPoint(bind.Address, port));
    }

    private static async IAsyncEnumerable<string> Snapshots(FleetFeed feed, [EnumeratorCancellation] CancellationToken cancellation)
    {
        using var subscription = feed.Subscribe();
        while (true)
        {
            FleetSnapshot snapshot;
            try
            {
                if (!await subscription.Snapshots.WaitToReadAsync(cancellation)) yield break;
                snapshot = await subscription.Snapshots.ReadAsync(cancellation);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            yield return JsonSerializer.Serialize(snapshot, WebJson.Default.FleetSnapshot);
        }
    }

    private static async Task NodeAsync(HttpContext context, NodeLookup lookup)
    {
        var values = context.Request.Query["identity"];
        if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "identity: give one node identity, e.g. /api/node?identity=n1.example.net");
            return;
        }
        var identity = values[0]!;
        var cancellation = context.RequestAborted;
        switch (await lookup.RefusalAsync(identity, cancellation))
        {
            case { Kind: NodeLookupRefusalKind.Invalid } invalid:
                await ErrorAsync(context, StatusCodes.Status400BadRequest, invalid.Message);
                return;
            case { } unknown:
                await ErrorAsync(context, StatusCodes.Status404NotFound, unknown.Message);
                return;
        }
        try
        {
            var view = await lookup.ViewAsync(identity, cancellation);
            var history = await lookup.HistoryAsync(identity, cancellation);
            await JsonAsync(context, StatusCodes.Status200OK,
                new NodeAnswer(view.Identity, view.Stage.ToString(), view.Attempt, view.LastError, view.HostedBy, history.Events), WebJson.Default.NodeAnswer);
        }
        catch (AskTimeoutException)
        {
            await ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, $"node {identity}: its entity did not answer in time; try again");
        }
    }

    private static void SecurityHeaders(IHeaderDictionary headers)
    {
        // Everything the page needs comes from this member: no inline script, no other origin, no framing.
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
    }

    private static Task ErrorAsync(HttpContext context, int status, string message) =>
        JsonAsync(context, status, new WebError(message), WebJson.Default.WebError);

    private static async Task JsonAsync<T>(HttpContext context, int status, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _feed.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
