using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using SharpCompress.Compressors;
using SharpCompress.Compressors.BZip2;

namespace Provisioner.Agent.Upgrades;

/// <summary>
/// Fetches a release from a repository over HTTP as go-updater does: the spec, then the binary, always bzip2-decoded,
/// hashing what was decoded. Only a 200 counts; redirects are followed. Synchronous, because the
/// <c>choria_provision</c> agent holds its one mutex through the download, as Choria's does.
/// </summary>
public sealed class ReleaseDownloader(HttpClient http)
{
    /// <exception cref="ReleaseUpdateException">The spec is missing, unreachable or unreadable.</exception>
    public (ReleaseSpec Spec, string BinaryUri) FetchSpec(string repository, string version, ReleasePlatform platform)
    {
        var uri = ReleaseRepositoryLayout.SpecUri(repository, version, platform);
        string NotFound(string reason) => $"release {version} not found: {reason}";
        byte[] body;
        try
        {
            using var response = http.Send(new HttpRequestMessage(HttpMethod.Get, uri));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new ReleaseUpdateException(NotFound($"could not fetch release from {uri}: {Status(response)}"));
            }
            using var stream = response.Content.ReadAsStream();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            body = buffer.ToArray();
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or InvalidOperationException or UriFormatException or NotSupportedException)
        {
            throw new ReleaseUpdateException(NotFound($"could not download release spec: {e.Message}"));
        }
        ReleaseSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize(body, ReleaseJsonContext.Default.ReleaseSpec);
        }
        catch (JsonException e)
        {
            throw new ReleaseUpdateException(NotFound($"could not parse spec {uri}: {e.Message}"));
        }
        if (spec is null || string.IsNullOrEmpty(spec.Binary) || string.IsNullOrEmpty(spec.Hash))
        {
            throw new ReleaseUpdateException(NotFound($"could not parse spec {uri}: binary and hash are required"));
        }
        return (spec, ReleaseRepositoryLayout.BinaryUri(repository, version, platform, spec.Binary));
    }

    /// <summary>Writes the decoded binary at <paramref name="binaryUri"/> to <paramref name="destination"/> and returns its lowercase hex SHA-256.</summary>
    /// <exception cref="ReleaseUpdateException">The download or the decoding failed.</exception>
    public string FetchBinary(string binaryUri, Stream destination)
    {
        HttpResponseMessage response;
        try
        {
            response = http.Send(new HttpRequestMessage(HttpMethod.Get, binaryUri), HttpCompletionOption.ResponseHeadersRead);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or UriFormatException or NotSupportedException)
        {
            throw new ReleaseUpdateException($"download failed: {e.Message}");
        }
        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new ReleaseUpdateException($"download failed: could not download binary: {Status(response)}");
            }
            try
            {
                using var body = response.Content.ReadAsStream();
                using var decoded = BZip2Stream.Create(body, CompressionMode.Decompress, decompressConcatenated: true);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                int read;
                while ((read = decoded.Read(buffer, 0, buffer.Length)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    destination.Write(buffer, 0, read);
                }
                return Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            catch (Exception e) when (e is IOException or HttpRequestException or TaskCanceledException or InvalidOperationException or InvalidDataException or ArgumentException or IndexOutOfRangeException)
            {
                throw new ReleaseUpdateException($"download failed: could not save file: {e.Message}");
            }
        }
    }

    // Go's resp.Status: "404 Not Found".
    private static string Status(HttpResponseMessage response) => $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
}
