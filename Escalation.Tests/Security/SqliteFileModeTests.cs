using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;

namespace Escalation.Tests.Security;

/// <summary>
/// Issue 13, item 12a: the SQLite database holds patient data (encrypted) and the whole audit trail, so its files and
/// the folder the app makes for them are for the app's own user only, whatever the process's umask allows.
/// </summary>
[Trait("Category", "Sqlite")]
[UnsupportedOSPlatform("windows")]
public sealed class SqliteFileModeTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly string _root = Directory.CreateTempSubdirectory("escalation-modes-").FullName;

    [Fact]
    public async Task Probe12_TheDatabaseFilesAndTheFolderTheAppCreates_AreForTheOwnerOnly()
    {
        var folder = Path.Combine(_root, "data");
        var file = Path.Combine(folder, "escalation.db");
        var options = new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=False");

        await using var app = new AppHost(options, settings: TestCertificate.Settings()).Start();
        // A reader in WAL mode keeps the -wal and -shm files open, as the app's own connections do between them.
        await using var reader = new SqliteConnection(options.ConnectionString);
        await reader.OpenAsync();
        await using (var command = reader.CreateCommand())
        {
            command.CommandText = "SELECT COUNT(*) FROM \"Messages\"";
            await command.ExecuteScalarAsync();
        }

        Assert.Equal(
            [("data", OwnerOnlyFolder), ("escalation.db", OwnerOnlyFile), ("escalation.db-shm", OwnerOnlyFile), ("escalation.db-wal", OwnerOnlyFile)],
            new[] { folder, file, file + "-shm", file + "-wal" }.Select(p => (Path.GetFileName(p), File.GetUnixFileMode(p))));
    }

    [Fact]
    public async Task Probe12_AWorldReadableDatabaseFromAnEarlierRelease_IsMadeOwnerOnly_AtStartUp()
    {
        var file = Path.Combine(_root, "escalation.db");
        var options = new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=False");
        await using (var connection = new SqliteConnection(options.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE \"Earlier\" (\"Id\" INTEGER)";
            await command.ExecuteNonQueryAsync();
        }

        File.SetUnixFileMode(file, OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using var app = new AppHost(options, settings: TestCertificate.Settings()).Start();

        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(file));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
