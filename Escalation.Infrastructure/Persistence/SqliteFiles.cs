using Microsoft.Data.Sqlite;

namespace Escalation.Infrastructure.Persistence;

internal static class SqliteFiles
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    // SQLite creates these beside the database with the database file's own mode.
    private static readonly string[] Companions = ["-wal", "-shm", "-journal"];

    /// <summary>
    /// A relative SQLite path is taken from the content root, not the process's working directory, so the
    /// database does not move when the app is started from another folder; its folder is created on first run,
    /// for the app's user only (it holds the database and its journals).
    /// </summary>
    public static string ResolveRelativeTo(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var dataSource = FileOf(builder);
        if (dataSource is null)
        {
            return connectionString;
        }

        if (!Path.IsPathRooted(dataSource))
        {
            dataSource = Path.GetFullPath(Path.Combine(contentRoot, dataSource));
            builder.DataSource = dataSource;
        }

        var folder = Path.GetDirectoryName(dataSource);
        if (!string.IsNullOrEmpty(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, OwnerOnlyFolder);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The database holds the audit trail and (encrypted) patient data: only the app's user may read it. SQLite
    /// creates a new file 0644 under the usual umask, and its -wal and -shm files copy the database's mode, so the
    /// database is created 0600 before SQLite first opens it, and a file an earlier release made is narrowed.
    /// </summary>
    public static void RestrictToOwner(string connectionString)
    {
        if (OperatingSystem.IsWindows() || FileOf(new SqliteConnectionStringBuilder(connectionString)) is not { } database)
        {
            return;
        }

        if (!File.Exists(database))
        {
            try
            {
                using var created = new FileStream(database, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile });
            }
            catch (IOException) when (File.Exists(database))
            {
                // Made by another process starting at the same moment; narrowed below like any existing file.
            }
        }

        foreach (var file in Companions.Select(suffix => database + suffix).Prepend(database).Where(File.Exists))
        {
            if ((File.GetUnixFileMode(file) & ~OwnerOnlyFile) != 0)
            {
                File.SetUnixFileMode(file, File.GetUnixFileMode(file) & OwnerOnlyFile);
            }
        }
    }

    private static string? FileOf(SqliteConnectionStringBuilder builder) =>
        string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory ? null : builder.DataSource;
}
