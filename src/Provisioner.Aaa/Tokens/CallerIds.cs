namespace Provisioner.Aaa.Tokens;

/// <summary>The caller ids of the userlist's users, and the form the signer writes into a request.</summary>
public static class CallerIds
{
    public const string UserPrefix = "up=";

    /// <summary>The <c>callerid</c> claim of a userlist user: <c>up=&lt;username&gt;</c>.</summary>
    public static string ForUser(string username) => UserPrefix + username;

    /// <summary>The user a caller id names (<c>up=bob</c> gives <c>bob</c>), or the caller id itself for other kinds.</summary>
    public static string UserOf(string callerId) =>
        callerId.StartsWith(UserPrefix, StringComparison.Ordinal) ? callerId[UserPrefix.Length..] : callerId;

    /// <summary>
    /// The caller id as servers see it: every <c>@</c> and <c>.</c> becomes <c>_</c>, because a caller id becomes a
    /// subject token (<c>up=bob.smith@corp.com</c> gives <c>up=bob_smith_corp_com</c>).
    /// </summary>
    public static string Sanitised(string callerId) => callerId.Replace('@', '_').Replace('.', '_');
}
