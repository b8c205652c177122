using Microsoft.Data.Sqlite;

namespace Escalation.Infrastructure.Persistence;

internal static class SqliteFiles
{
    /// <summary>
    /// A relative SQLite path is taken from the content root, not the process's working directory, so the
    /// database does not move when the app is started from another folder; its folder is created on first run.
    /// </summary>
    public static string ResolveRelativeTo(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var dataSource = builder.DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
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
            Directory.CreateDirectory(folder);
        }

        return builder.ToString();
    }
}
