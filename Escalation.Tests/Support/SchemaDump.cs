using System.Data.Common;
using Escalation.Infrastructure.Persistence.Migrations;

namespace Escalation.Tests.Support;

/// <summary>
/// The database's own description of its schema (tables, columns, types, nullability, defaults, keys, indexes,
/// foreign keys), one sorted line per fact, so two databases can be compared line by line. Quartz's tables and the
/// migration history and lock tables (<c>__EFMigrations*</c>, the hand-written <c>__SchemaMigrations</c>) are left out:
/// none is part of the EF model.
/// </summary>
public static class SchemaDump
{
    public static async Task<IReadOnlyList<string>> ReadAsync(EscalationDbContext db, DatabaseProvider provider)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            var lines = provider switch
            {
                DatabaseProvider.Postgres => await PostgresAsync(connection),
                DatabaseProvider.SqlServer => await SqlServerAsync(connection),
                _ => await SqliteAsync(connection),
            };
            return lines.Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static bool IsModelTable(string table) =>
        !table.StartsWith("__", StringComparison.Ordinal) && !table.StartsWith("qrtz_", StringComparison.OrdinalIgnoreCase) && !table.StartsWith("sqlite_", StringComparison.Ordinal);

    private static async Task<List<string>> SqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var tables = (await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table'")).Select(r => (string)r[0]!).Where(IsModelTable).ToList();
        foreach (var table in tables)
        {
            foreach (var c in await QueryAsync(connection, $"PRAGMA table_info(\"{table}\")"))
            {
                lines.Add($"column {table}.{c[1]} type={c[2]} notnull={c[3]} default={c[4]} pk={c[5]}");
            }

            foreach (var i in await QueryAsync(connection, $"PRAGMA index_list(\"{table}\")"))
            {
                var columns = await QueryAsync(connection, $"PRAGMA index_info(\"{i[1]}\")");
                lines.Add($"index {table}.{i[1]} unique={i[2]} origin={i[3]} columns={string.Join(",", columns.Select(x => x[2]))}");
            }

            foreach (var f in await QueryAsync(connection, $"PRAGMA foreign_key_list(\"{table}\")"))
            {
                lines.Add($"fk {table}.{f[3]} -> {f[2]}.{f[4]} on_update={f[5]} on_delete={f[6]}");
            }
        }

        return lines;
    }

    private static async Task<List<string>> PostgresAsync(DbConnection connection)
    {
        var lines = new List<string>();
        foreach (var c in await QueryAsync(connection, """
            SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default, is_identity, identity_generation
            FROM information_schema.columns WHERE table_schema = current_schema()
            """))
        {
            if (IsModelTable((string)c[0]!))
            {
                lines.Add($"column {c[0]}.{c[1]} type={c[2]}({c[3]}) nullable={c[4]} default={c[5]} identity={c[6]}/{c[7]}");
            }
        }

        foreach (var i in await QueryAsync(connection, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"))
        {
            if (IsModelTable((string)i[0]!))
            {
                lines.Add($"index {i[0]}.{i[1]} {i[2]}");
            }
        }

        foreach (var k in await QueryAsync(connection, """
            SELECT rel.relname, con.conname, pg_get_constraintdef(con.oid)
            FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
            WHERE ns.nspname = current_schema()
            """))
        {
            if (IsModelTable((string)k[0]!))
            {
                lines.Add($"constraint {k[0]}.{k[1]} {k[2]}");
            }
        }

        return lines;
    }

    private static async Task<List<string>> SqlServerAsync(DbConnection connection)
    {
        var lines = new List<string>();
        foreach (var c in await QueryAsync(connection, """
            SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, IS_NULLABLE, COLUMN_DEFAULT,
                   COLUMNPROPERTY(OBJECT_ID(TABLE_SCHEMA + '.' + TABLE_NAME), COLUMN_NAME, 'IsIdentity')
            FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = SCHEMA_NAME()
            """))
        {
            if (IsModelTable((string)c[0]!))
            {
                lines.Add($"column {c[0]}.{c[1]} type={c[2]}({c[3]},{c[4]},{c[5]}) nullable={c[6]} default={c[7]} identity={c[8]}");
            }
        }

        foreach (var i in await QueryAsync(connection, """
            SELECT t.name, i.name, i.is_unique, i.is_primary_key, i.filter_definition,
                   STRING_AGG(col.name, ',') WITHIN GROUP (ORDER BY ic.key_ordinal)
            FROM sys.indexes i JOIN sys.tables t ON t.object_id = i.object_id
            JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
            JOIN sys.columns col ON col.object_id = ic.object_id AND col.column_id = ic.column_id
            WHERE t.schema_id = SCHEMA_ID() AND i.name IS NOT NULL
            GROUP BY t.name, i.name, i.is_unique, i.is_primary_key, i.filter_definition
            """))
        {
            if (IsModelTable((string)i[0]!))
            {
                lines.Add($"index {i[0]}.{i[1]} unique={i[2]} pk={i[3]} filter={i[4]} columns={i[5]}");
            }
        }

        foreach (var f in await QueryAsync(connection, """
            SELECT OBJECT_NAME(fk.parent_object_id), fk.name, OBJECT_NAME(fk.referenced_object_id), fk.delete_referential_action_desc,
                   STRING_AGG(COL_NAME(fkc.parent_object_id, fkc.parent_column_id), ',') WITHIN GROUP (ORDER BY fkc.constraint_column_id)
            FROM sys.foreign_keys fk JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id
            WHERE fk.schema_id = SCHEMA_ID()
            GROUP BY fk.parent_object_id, fk.name, fk.referenced_object_id, fk.delete_referential_action_desc
            """))
        {
            if (IsModelTable((string)f[0]!))
            {
                lines.Add($"fk {f[0]}.{f[1]} ({f[4]}) -> {f[2]} on_delete={f[3]}");
            }
        }

        return lines;
    }

    private static async Task<List<object?[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
