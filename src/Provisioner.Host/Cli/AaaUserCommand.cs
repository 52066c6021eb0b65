using System.CommandLine;
using Provisioner.Aaa.Login;
using Provisioner.Security.Files;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner aaa user add --users-file F --username U</c>: adds (or with <c>--force</c> replaces) a user in a
/// userlist <c>users_file</c>, the password stored only as its bcrypt hash; the file is written 0600.
/// </summary>
internal static class AaaUserCommand
{
    public static Command Create(CliWriters io)
    {
        var usersFile = new Option<string>("--users-file") { Description = "The userlist users_file (a JSON array), created when missing", Required = true };
        var username = new Option<string>("--username") { Description = "Who logs in", Required = true };
        var passwordFile = new Option<string?>("--password-file") { Description = "Read the password from this file's first line instead of prompting" };
        var acls = new Option<string[]>("--acl") { Description = "An actionlist entry (agent.action, agent.* or *); repeat for more", AllowMultipleArgumentsPerToken = false };
        var organization = new Option<string?>("--organization") { Description = "The user's organisation (the token's ou); default choria" };
        var cost = new Option<int>("--cost") { Description = "bcrypt work factor (aaasvc crypt uses 5)", DefaultValueFactory = _ => 10 };
        var force = new Option<bool>("--force") { Description = "Replace the user when it exists" };
        var add = new Command("add", "Add a user with a bcrypt password hash to a userlist file") { usersFile, username, passwordFile, acls, organization, cost, force };
        add.SetAction(parsed =>
        {
            var path = parsed.GetValue(usersFile)!;
            var name = parsed.GetValue(username)!;
            if (name.Length == 0)
            {
                throw new UsageException("--username: must not be empty");
            }
            if (parsed.GetValue(cost) is < 4 or > 31)
            {
                throw new UsageException("--cost: bcrypt work factors run from 4 to 31");
            }
            var entries = parsed.GetValue(acls) ?? [];
            if (entries.FirstOrDefault(e => e != "*" && e.Split('.').Length != 2) is { } bad)
            {
                throw new UsageException($"--acl: '{bad}' is not agent.action, agent.* or *");
            }
            List<UserRecord> users;
            try
            {
                users = File.Exists(path) ? [.. UserList.Read(path)] : [];
            }
            catch (IOException e)
            {
                throw new UsageException($"--users-file: {e.Message}");
            }
            if (users.Any(u => u.Username == name) && !parsed.GetValue(force))
            {
                throw new UsageException($"user {name} is already in {path}; use --force to replace it");
            }
            var password = AaaCliFiles.Password(parsed.GetValue(passwordFile), io);
            if (password.Length == 0)
            {
                throw new UsageException("the password must not be empty");
            }
            users.RemoveAll(u => u.Username == name);
            users.Add(new UserRecord
            {
                Username = name,
                Password = BCrypt.Net.BCrypt.HashPassword(password, parsed.GetValue(cost)),
                Organization = parsed.GetValue(organization),
                Acls = entries.Length == 0 ? null : entries,
            });
            SecretFile.Write(path, UserList.Write(users), FileModes.Secret);
            io.Out.WriteLine($"user {name} saved in {path}");
            return ExitCodes.Ok;
        });
        var user = new Command("user", "Manage userlist users") { add };
        return user;
    }
}
