using Escalation.Infrastructure.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Escalation.Tests.SqlServer;

/// <summary>
/// The SQL Server model is the SQLite and PostgreSQL one: the same tables, columns (each of the same .NET type,
/// length and nullability, in a store type SQL Server has for it), keys, indexes and foreign keys. The SQLite and
/// PostgreSQL models are proven against real databases by PersistenceTests; this carries that proof to SQL Server.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ProviderModelTests
{
    [Fact]
    public void SqlServerModel_MatchesSqliteAndPostgres_TableForTable_ColumnForColumn_IndexForIndex()
    {
        var sqlServer = Describe(DatabaseProvider.SqlServer);

        Assert.Contains(sqlServer, line => line.StartsWith("table Messages", StringComparison.Ordinal));
        Assert.Contains(sqlServer, line => line.StartsWith("index AuditEntries.IX_AuditEntries_Sequence", StringComparison.Ordinal));
        Assert.Equal(Describe(DatabaseProvider.Sqlite), sqlServer);
        Assert.Equal(Describe(DatabaseProvider.Postgres), sqlServer);
    }

    [Fact]
    public void EverySqlServerColumn_HasTheStoreTypeOfItsDotNetType()
    {
        var wrong = new List<string>();
        foreach (var table in Model(DatabaseProvider.SqlServer).Tables)
        {
            foreach (var column in table.Columns)
            {
                var expected = SqlServerTypeOf(column);
                if (!string.Equals(expected, column.StoreType, StringComparison.OrdinalIgnoreCase))
                {
                    wrong.Add($"{table.Name}.{column.Name}: {column.StoreType}, expected {expected}");
                }
            }
        }

        Assert.Empty(wrong);
    }

    private static string SqlServerTypeOf(IColumn column)
    {
        var property = column.PropertyMappings.First().Property;
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        var converted = property.GetValueConverter()?.ProviderClrType ?? property.GetProviderClrType() ?? type;
        converted = Nullable.GetUnderlyingType(converted) ?? converted;
        if (converted.IsEnum)
        {
            converted = Enum.GetUnderlyingType(converted);
        }

        // SQL Server cannot index nvarchar(max): EF gives an unbounded string that is a key or indexed 450 characters.
        var indexed = column.Table.Indexes.Any(i => i.Columns.Contains(column)) || column.Table.PrimaryKey?.Columns.Contains(column) == true
            || column.Table.ForeignKeyConstraints.Any(f => f.Columns.Contains(column)) || column.Table.UniqueConstraints.Any(u => u.Columns.Contains(column));
        var length = column.MaxLength is { } max ? max.ToString() : indexed && converted == typeof(string) ? "450" : "max";
        return converted switch
        {
            _ when converted == typeof(string) => $"nvarchar({length})",
            _ when converted == typeof(byte[]) => $"varbinary({length})",
            _ when converted == typeof(Guid) => "uniqueidentifier",
            _ when converted == typeof(bool) => "bit",
            _ when converted == typeof(int) => "int",
            _ when converted == typeof(long) => "bigint",
            _ when converted == typeof(short) => "smallint",
            _ when converted == typeof(double) => "float",
            _ when converted == typeof(decimal) => $"decimal({column.Precision ?? 18},{column.Scale ?? 2})",
            _ when converted == typeof(DateTimeOffset) => "datetimeoffset",
            _ when converted == typeof(DateTime) => "datetime2",
            _ when converted == typeof(DateOnly) => "date",
            _ when converted == typeof(TimeOnly) => "time",
            _ when converted == typeof(TimeSpan) => "time",
            _ => $"(no mapping for {converted.Name})",
        };
    }

    /// <summary>One line per fact, in provider-neutral words: quoting and store types left out, .NET types kept.</summary>
    private static List<string> Describe(DatabaseProvider provider)
    {
        var lines = new List<string>();
        foreach (var table in Model(provider).Tables)
        {
            lines.Add($"table {table.Name}");
            foreach (var column in table.Columns)
            {
                var property = column.PropertyMappings.First().Property;
                var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
                lines.Add($"column {table.Name}.{column.Name} {type.Name} max={column.MaxLength} null={column.IsNullable} default={Neutral(column.DefaultValueSql)}{column.DefaultValue}");
            }

            if (table.PrimaryKey is { } key)
            {
                lines.Add($"pk {table.Name}.{key.Name} ({string.Join(",", key.Columns.Select(c => c.Name))})");
            }

            foreach (var unique in table.UniqueConstraints.Where(u => !u.GetIsPrimaryKey()))
            {
                lines.Add($"unique {table.Name}.{unique.Name} ({string.Join(",", unique.Columns.Select(c => c.Name))})");
            }

            foreach (var index in table.Indexes)
            {
                // EF gives a SQL Server unique index over nullable columns the filter "IS NOT NULL": SQL Server would
                // otherwise allow one NULL only, where SQLite and PostgreSQL allow many. Same rule, so the same line.
                var nullFilter = string.Join(" AND ", index.Columns.Where(c => c.IsNullable).Select(c => $"[{c.Name}] IS NOT NULL"));
                var filter = provider == DatabaseProvider.SqlServer && index.IsUnique && index.Filter == nullFilter ? null : index.Filter;
                lines.Add($"index {table.Name}.{index.Name} ({string.Join(",", index.Columns.Select(c => c.Name))}) unique={index.IsUnique} filter={Neutral(filter)}");
            }

            foreach (var fk in table.ForeignKeyConstraints)
            {
                lines.Add($"fk {table.Name}.{fk.Name} ({string.Join(",", fk.Columns.Select(c => c.Name))}) -> {fk.PrincipalTable.Name} ({string.Join(",", fk.PrincipalColumns.Select(c => c.Name))}) {fk.OnDeleteAction}");
            }
        }

        return lines.Order(StringComparer.Ordinal).ToList();
    }

    private static string? Neutral(string? sql) => sql?.Replace("[", "").Replace("]", "").Replace("\"", "");

    private static IRelationalModel Model(DatabaseProvider provider)
    {
        using var db = new DesignTimeContextFactory().CreateDbContext(["--provider", provider.ToString()]);
        return db.GetService<IDesignTimeModel>().Model.GetRelationalModel();
    }
}
