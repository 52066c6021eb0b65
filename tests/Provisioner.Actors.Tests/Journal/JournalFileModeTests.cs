using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;
using Provisioner.Actors.Journal;
using Provisioner.Security.Files;
using Xunit;

namespace Provisioner.Actors.Tests.Journal;

[UnsupportedOSPlatform("windows")]
public sealed class JournalFileModeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("journal-mode-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_new_sqlite_journal_and_its_wal_are_0600_once_sqlite_has_written_them()
    {
        var path = Path.Combine(_directory, "journal.db");
        var journal = new JournalStore(JournalDatabase.Sqlite, $"Data Source={path}");

        journal.CreatePrivateFile();
        await using (var connection = (SqliteConnection)journal.Connect())
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('row');";
            await command.ExecuteNonQueryAsync();
            Assert.Equal(FileModes.Secret, File.GetUnixFileMode(path + "-wal"));
        }

        Assert.Equal(FileModes.Secret, File.GetUnixFileMode(path));
        Assert.True(new FileInfo(path).Length > 0, "SQLite did not write the file it was given");
    }

    [Fact]
    public void An_existing_journal_file_is_left_as_it_is()
    {
        var path = Path.Combine(_directory, "journal.db");
        File.WriteAllText(path, "");
        File.SetUnixFileMode(path, FileModes.Public);

        new JournalStore(JournalDatabase.Sqlite, $"Data Source={path}").CreatePrivateFile();

        Assert.Equal(FileModes.Public, File.GetUnixFileMode(path));
    }
}
