using System.Text.Json;

namespace Provisioner.Aaa.Login;

/// <summary>
/// The users who may log in: the configured <c>users</c>, or the array in <c>users_file</c>, which is read again
/// whenever its modification time moves on and then replaces the whole list, so an edit takes effect on the next login
/// without a restart.
/// </summary>
public sealed class UserList(IReadOnlyList<UserRecord> configured, string? usersFile)
{
    private readonly object _gate = new();
    private IReadOnlyList<UserRecord> _users = [];
    private DateTime _readAt = DateTime.MinValue;

    /// <summary>The user named exactly <paramref name="username"/> (case matters), or null.</summary>
    /// <exception cref="IOException">The users file cannot be read or parsed; the login fails.</exception>
    public UserRecord? Find(string username)
    {
        foreach (var user in Current())
        {
            if (string.Equals(user.Username, username, StringComparison.Ordinal))
            {
                return user;
            }
        }
        return null;
    }

    private IReadOnlyList<UserRecord> Current()
    {
        if (usersFile is null)
        {
            return configured;
        }
        lock (_gate)
        {
            if (!File.Exists(usersFile))
            {
                throw new IOException($"users file {usersFile} does not exist");
            }
            var modified = File.GetLastWriteTimeUtc(usersFile);
            if (modified > _readAt)
            {
                _users = Read(usersFile);
                _readAt = modified;
            }
            return _users;
        }
    }

    /// <summary>Parses a users file: a JSON array of user records.</summary>
    public static IReadOnlyList<UserRecord> Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), AaaJsonContext.Default.ListUserRecord)
                ?? throw new IOException($"users file {path} does not hold a JSON array");
        }
        catch (JsonException e)
        {
            throw new IOException($"users file {path} is not a JSON array of users: {e.Message}", e);
        }
    }

    /// <summary>A users file's text: the JSON array of <paramref name="users"/>, indented for people who edit it.</summary>
    public static string Write(IReadOnlyList<UserRecord> users) =>
        JsonSerializer.Serialize(users.ToList(), new AaaJsonContext(new JsonSerializerOptions { WriteIndented = true }).ListUserRecord) + "\n";
}
