using System.Net;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using Provisioner.Aaa;
using Provisioner.Aaa.Audit;
using Provisioner.Aaa.Configuration;
using Provisioner.Aaa.Http;
using Provisioner.Aaa.Nats;
using Provisioner.Actors.Journal;
using Provisioner.Host.LiveConsole.Server;
using Provisioner.Host.Members;

namespace Provisioner.Host.AaaHosting;

/// <summary>
/// The AAA service as one member runs it: the aaasvc configuration loaded, the audit table in the cluster's journal,
/// HTTP when the file sets a port, the <c>aaa_signer</c> NATS service when it sets <c>choria_service</c>. Members
/// share nothing but the journal, so any number can serve and any one can be lost.
/// </summary>
public sealed class AaaMember : IAsyncDisposable
{
    private readonly AaaService _service;
    private readonly AaaHttpServer? _http;
    private readonly AaaSignerService? _nats;

    private AaaMember(AaaService service, AaaHttpServer? http, AaaSignerService? nats)
    {
        _service = service;
        _http = http;
        _nats = nats;
    }

    /// <summary>Where HTTP listens, or null when the file sets no port.</summary>
    public IPEndPoint? HttpEndPoint => _http?.EndPoint;

    /// <summary>Loads and checks the configuration before anything starts.</summary>
    /// <exception cref="MemberConfigurationException">Each problem, prefixed with <c>provisioner.aaa.config</c>.</exception>
    public static AaaSettings LoadSettings(AaaMemberSettings settings)
    {
        try
        {
            return AaaSettings.Load(settings.ConfigFile);
        }
        catch (AaaConfigException e)
        {
            throw new MemberConfigurationException([.. e.Problems.Select(p => $"provisioner.aaa.config: {p}")]);
        }
    }

    /// <summary>Starts serving and adds the console's <c>aaa</c> palette; <paramref name="memberAddress"/> (the cluster address) is stamped on every audit record.</summary>
    public static async Task<AaaMember> StartAsync(AaaMemberSettings member, AaaSettings settings, INatsConnection nats, JournalStore journal,
        ConsoleEndpoint console, string memberAddress, string identity, ILoggerFactory loggers, CancellationToken cancellation)
    {
        var audit = new JournalAuditLog(() => journal.Connect());
        await audit.EnsureCreatedAsync(cancellation);
        console.Register(new AaaPalette(audit));
        AaaService service;
        try
        {
            service = AaaService.Create(settings, audit, memberAddress, TimeProvider.System, loggers);
        }
        catch (AaaConfigException e)
        {
            throw new MemberConfigurationException([.. e.Problems.Select(p => $"provisioner.aaa.config: {p}")]);
        }
        AaaHttpServer? http = null;
        try
        {
            if (settings.Port > 0)
            {
                http = await AaaHttpServer.StartAsync(service, new IPEndPoint(IPAddress.Parse(member.Bind), settings.Port), member.DisableTls, loggers, cancellation);
            }
            var signer = settings.Signer is { ChoriaService: true }
                ? await AaaSignerService.StartAsync(nats, service, member.Collective, identity, TimeProvider.System, loggers.CreateLogger<AaaSignerService>(), cancellation)
                : null;
            return new AaaMember(service, http, signer);
        }
        catch (Exception e) when (e is AaaConfigException or IOException or FormatException)
        {
            if (http is not null) await http.DisposeAsync();
            service.Dispose();
            throw new MemberConfigurationException([$"provisioner.aaa: {e.Message}"]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_nats is not null) await _nats.DisposeAsync();
        if (_http is not null) await _http.DisposeAsync();
        _service.Dispose();
    }
}
