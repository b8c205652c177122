using Escalation.Infrastructure.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Escalation.Tests.SqlServer;

/// <summary>
/// No SQL Server runs on our machines, so every SQL Server script the product ships or EF generates is at least
/// proven to be T-SQL by Microsoft's own parser: the migrations (plain and idempotent), the DDL print-model-schema
/// prints, and the Quartz job store's tables that <c>ProvisionSchema()</c> runs.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SqlServerScriptTests
{
    public static TheoryData<string> Scripts() => new(ScriptsByName().Keys);

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_ParsesAsTSql(string name)
    {
        var script = ScriptsByName()[name];

        Assert.True(script.Length > 1000, $"{name} is suspiciously short: {script.Length} characters");
        var errors = Parse(script);
        Assert.True(errors.Count == 0, $"{name}: " + string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}")));
    }

    [Fact]
    public void ABrokenCopyOfAScript_FailsToParse_SoTheTestAboveWouldCatchIt()
    {
        var script = ScriptsByName()["migrations"];
        var broken = ReplaceFirst(script, "CREATE TABLE [Units]", "CREATE TABEL [Units]");
        var unbalanced = ReplaceFirst(script, "CONSTRAINT [PK_Units] PRIMARY KEY ([Id])", "CONSTRAINT [PK_Units] PRIMARY KEY ([Id]");

        Assert.Empty(Parse(script));
        Assert.NotEmpty(Parse(broken));
        Assert.NotEmpty(Parse(unbalanced));
    }

    /// <summary>The due-step claim cannot run here either: its T-SQL, hints included, must at least parse.</summary>
    [Fact]
    public void DueStepClaim_ParsesAsTSql_AndABrokenCopyDoesNot()
    {
        var sql = Escalation.Infrastructure.Engine.DueStepClaim.SqlServerSql.Replace("{0}", "@p0").Replace("{1}", "@p1");
        var broken = sql.Replace("ROWLOCK)", "ROWLOCK", StringComparison.Ordinal);

        Assert.Contains("WITH (UPDLOCK, READPAST, ROWLOCK)", sql);
        Assert.Empty(Parse(sql));
        Assert.NotEmpty(Parse(broken));
    }

    private static Dictionary<string, string> ScriptsByName()
    {
        using var db = new DesignTimeContextFactory().CreateDbContext(["--provider", nameof(DatabaseProvider.SqlServer)]);
        var migrator = db.GetService<IMigrator>();
        return new Dictionary<string, string>
        {
            ["migrations"] = migrator.GenerateScript(),
            ["migrations (idempotent)"] = migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent),
            ["print-model-schema SqlServer"] = Escalation.Web.Commands.ToolCommands.ModelSchema(DatabaseProvider.SqlServer),
            ["Quartz tables"] = QuartzSqlServerTables(),
        };
    }

    /// <summary>Quartz's own DDL as ProvisionSchema runs it: the default QRTZ_ prefix put in, statement by statement.</summary>
    private static string QuartzSqlServerTables()
    {
        using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream("Quartz.Impl.AdoJobStore.Schema.create_sqlServer.sql")
            ?? throw new InvalidOperationException("Quartz no longer ships create_sqlServer.sql where this test looks.");
        var text = new StreamReader(stream).ReadToEnd().Replace("{0}", "QRTZ_").Replace("{1}", "QRTZ_");
        // The job store sends each piece between '--;;' lines as one command; GO keeps them separate batches here too.
        return string.Join("\nGO\n", System.Text.RegularExpressions.Regex.Split(text, @"^--;;\r?$", System.Text.RegularExpressions.RegexOptions.Multiline));
    }

    private static IList<ParseError> Parse(string script)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        parser.Parse(reader, out var errors);
        return errors;
    }

    private static string ReplaceFirst(string text, string find, string replacement)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' not in the script");
        return text[..at] + replacement + text[(at + find.Length)..];
    }
}
