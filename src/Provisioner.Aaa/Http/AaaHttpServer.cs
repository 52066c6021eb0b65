using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Provisioner.Aaa.Configuration;
using Provisioner.Aaa.Login;
using Provisioner.Aaa.Signing;

namespace Provisioner.Aaa.Http;

/// <summary>
/// The AAA HTTP API on Kestrel: <c>POST /choria/v1/login</c> and <c>POST /choria/v1/sign</c>, always answering 200
/// with a JSON body once the body parses (501 when that half of the service is not configured). TLS 1.2 or later
/// with the configured certificate, client certificates required when <c>tls_ca</c> is set; plain HTTP only when
/// TLS is switched off explicitly.
/// </summary>
public sealed class AaaHttpServer : IAsyncDisposable
{
    public const string LoginPath = "/choria/v1/login";
    public const string SignPath = "/choria/v1/sign";

    private readonly WebApplication _app;

    private AaaHttpServer(WebApplication app, IPEndPoint endPoint, bool tls)
    {
        _app = app;
        EndPoint = endPoint;
        Tls = tls;
    }

    /// <summary>The address it listens on, with the port bound.</summary>
    public IPEndPoint EndPoint { get; }

    public bool Tls { get; }

    /// <summary>The base URL clients use, e.g. <c>https://127.0.0.1:8080</c>.</summary>
    public string Url => $"{(Tls ? "https" : "http")}://{EndPoint}";

    /// <summary>Serves <paramref name="service"/> on <paramref name="bind"/>.</summary>
    /// <exception cref="AaaConfigException">TLS is required but not configured, or its files cannot be loaded.</exception>
    public static async Task<AaaHttpServer> StartAsync(AaaService service, IPEndPoint bind, bool disableTls, ILoggerFactory loggers, CancellationToken cancellation = default)
    {
        var settings = service.Settings;
        var certificate = disableTls ? null : LoadCertificate(settings);
        var builder = EmbeddedWebServer.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(bind, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(https => Secure(https, certificate, settings.TlsCa));
            }
        }));
        var app = builder.Build();
        var logger = loggers.CreateLogger<AaaHttpServer>();
        app.MapPost(LoginPath, context => LoginAsync(context, service));
        app.MapPost(SignPath, context => SignAsync(context, service, logger));
        await app.StartAsync(cancellation);
        var port = app.Urls.Select(u => new Uri(u)).First().Port;
        return new AaaHttpServer(app, new IPEndPoint(bind.Address, port), certificate is not null);
    }

    private static X509Certificate2 LoadCertificate(AaaSettings settings)
    {
        if (string.IsNullOrEmpty(settings.TlsCertificate) || string.IsNullOrEmpty(settings.TlsKey))
        {
            throw new AaaConfigException(["tls_certificate, tls_key: TLS settings are not set"]);
        }
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(settings.TlsCertificate, settings.TlsKey);
            // Kestrel on Linux needs the key in an exportable store form, which a PEM-loaded ephemeral key is not.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new AaaConfigException([$"tls_certificate, tls_key: cannot load them: {e.Message}"]);
        }
    }

    private static void Secure(HttpsConnectionAdapterOptions https, X509Certificate2 certificate, string tlsCa)
    {
        https.ServerCertificate = certificate;
        https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        if (string.IsNullOrEmpty(tlsCa))
        {
            return;
        }
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(tlsCa);
        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
        https.ClientCertificateValidation = (client, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(client);
        };
    }

    private static async Task LoginAsync(HttpContext context, AaaService service)
    {
        if (!service.CanLogin)
        {
            await NotImplemented(context, "PostLogin");
            return;
        }
        if (await ReadAsync(context, AaaJsonContext.Default.LoginRequest) is not { } request)
        {
            return;
        }
        var reply = await service.LoginAsync(request, context.RequestAborted);
        await context.Response.WriteAsJsonAsync(reply, AaaJsonContext.Default.LoginReply, cancellationToken: context.RequestAborted);
    }

    private static async Task SignAsync(HttpContext context, AaaService service, ILogger logger)
    {
        if (!service.CanSign)
        {
            await NotImplemented(context, "PostSign");
            return;
        }
        if (await ReadAsync(context, AaaJsonContext.Default.SignRequest) is not { } request)
        {
            return;
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(request.Request ?? "");
        }
        catch (FormatException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("request: not valid base64", context.RequestAborted);
            return;
        }
        var outcome = await service.SignAsync(bytes, request.Token ?? "", request.Signature ?? "", context.RequestAborted);
        var reply = outcome.Allowed
            ? new SignReply { SecureRequest = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(outcome.SecureRequest!)) }
            : new SignReply { Error = SignReply.RequestDenied };
        if (!outcome.Allowed)
        {
            logger.LogDebug("HTTP signing denied: {Reason}", outcome.Reason);
        }
        await context.Response.WriteAsJsonAsync(reply, AaaJsonContext.Default.SignReply, cancellationToken: context.RequestAborted);
    }

    private static async Task<T?> ReadAsync<T>(HttpContext context, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted);
            if (value is not null)
            {
                return value;
            }
        }
        catch (JsonException)
        {
            // Falls through to the 400 below, as a body of the wrong shape does.
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.Response.WriteAsync("body: not a JSON object of the expected shape", context.RequestAborted);
        return null;
    }

    private static async Task NotImplemented(HttpContext context, string operation)
    {
        context.Response.StatusCode = StatusCodes.Status501NotImplemented;
        await context.Response.WriteAsJsonAsync($"operation {operation} has not yet been implemented", AaaJsonContext.Default.String, cancellationToken: context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
