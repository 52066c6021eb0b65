using System.Collections.Concurrent;
using System.Net;

namespace Provisioner.Testing;

/// <summary>
/// A plain static HTTP server on 127.0.0.1 and a free port, serving a directory's files as they are (a release
/// repository for <c>release_update</c>); anything else is 404. Stops when disposed.
/// </summary>
public sealed class StaticFileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly Task _loop;

    public StaticFileServer(string root)
    {
        _root = Path.GetFullPath(root);
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The server's root URL, without a trailing slash (as <c>upgrades_repository</c> takes it).</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Every path requested, in order, with the status it got.</summary>
    public ConcurrentQueue<(string Path, int Status)> Requests { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Answer(context));
        }
    }

    private async Task Answer(HttpListenerContext context)
    {
        var path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath).TrimStart('/');
        var file = Path.GetFullPath(Path.Combine(_root, path));
        var status = file.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(file) ? 200 : 404;
        Requests.Enqueue(("/" + path, status));
        try
        {
            context.Response.StatusCode = status;
            if (status == 200)
            {
                var bytes = await File.ReadAllBytesAsync(file);
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
            }
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away; nothing to answer.
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
