namespace Provisioner.Host.Broker;

/// <summary>
/// The one place that reads the user information out of a broker URL (<c>nats://user:password@host:4222</c>, or a
/// comma-separated list of them). A member refuses such a URL at start-up; what it shows anywhere else (log lines,
/// <c>seen-by</c>, the nodes' <c>middleware_hosts</c>) is <see cref="Display"/>, which never carries it.
/// </summary>
public static class BrokerUrl
{
    /// <summary>Whether any URL of the list carries user information (a user, a password or a token).</summary>
    public static bool HasUserInfo(string urls) => Split(urls).Any(url => UserInfoRange(url) is not null);

    /// <summary>The list with every URL's user information removed: what a member may show or hand to others.</summary>
    public static string Display(string urls) => string.Join(",", Split(urls).Select(WithoutUserInfo));

    private static IEnumerable<string> Split(string urls) =>
        urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string WithoutUserInfo(string url) =>
        UserInfoRange(url) is var (start, end) ? url[..start] + url[end..] : url;

    /// <summary>Where the user information and its '@' sit in <paramref name="url"/>: from the authority's start to just past the last '@' inside it.</summary>
    private static (int Start, int End)? UserInfoRange(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var start = scheme < 0 ? 0 : scheme + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], start);
        var at = url.LastIndexOf('@', authorityEnd < 0 ? url.Length - 1 : authorityEnd - 1, (authorityEnd < 0 ? url.Length : authorityEnd) - start);
        return at < 0 ? null : (start, at + 1);
    }
}
