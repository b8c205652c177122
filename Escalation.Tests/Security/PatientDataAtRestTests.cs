using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Data.Sqlite;

namespace Escalation.Tests.Security;

/// <summary>
/// Issue 13, item 1: somebody holding a copy of the database (the SQLite file, or every row of PostgreSQL) and
/// nothing else must find no patient data in it, and the key ring in it must not unlock the ciphertext; the app,
/// which also holds the key-ring certificate from its configuration, still reads everything.
/// </summary>
public abstract class PatientDataAtRestTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string PatientDataPurpose = "Escalation.PatientData.v1";
    private TestDatabase _database = default!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Probe01_PatientData_CannotBeReadWithTheDatabaseAlone_ButTheAppWithItsCertificateReadsIt()
    {
        var tag = Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var markers = new Dictionary<string, string>
        {
            ["body"] = $"BODY{tag} K+ 6.9",
            ["patientRef"] = $"MRN{tag}",
            ["close note"] = $"NOTE{tag} MRN 31415926",
            ["reply"] = $"REPLY{tag} calling the patient",
            ["caller name"] = $"CALLER{tag} Jane Roe",
            ["callback number"] = $"+1555{Random.Shared.Next(1_000_000, 9_999_999)}",
            ["answering reason"] = $"REASON{tag} chest pain",
        };
        var subject = $"Probe {tag}";
        Guid message, call;
        await using (var app = new AppHost(_database.Options, settings: TestCertificate.Settings()).Start())
        {
            (message, call) = await WritePatientDataAsync(app, subject, markers);
        }

        var copy = await CopyOfTheDatabaseAsync();
        var found = markers.Where(m => copy.Everything.Contains(m.Value, StringComparison.Ordinal)).Select(m => m.Key);
        var unencryptedKeys = copy.KeyRing.Count(key => key.Contains("unencrypted form", StringComparison.Ordinal));
        var bodyReadWithTheCopyAlone = TryUnprotect(ProtectorFrom(copy.KeyRing), copy.Body);
        Assert.NotEmpty(copy.KeyRing);
        Assert.Equal<(string Found, int UnencryptedKeys, string? BodyReadWithTheCopyAlone)>(("", 0, null), (string.Join(", ", found), unencryptedKeys, bodyReadWithTheCopyAlone));

        await using (var app = new AppHost(_database.Options, settings: TestCertificate.Settings()).Start())
        {
            using var nurse = await HttpClients.SignedInAsync(app, "nurse@demo.local");
            using var compliance = await HttpClients.SignedInAsync(app, "compliance@demo.local");
            var view = await nurse.GetFromJsonAsync<JsonElement>($"/api/messages/{message}");
            var thread = await nurse.GetFromJsonAsync<JsonElement>($"/api/messages/{message}/replies");
            var caller = await compliance.GetFromJsonAsync<JsonElement>($"/api/messages/{call}/caller");
            Assert.Equal((markers["body"], markers["patientRef"], markers["close note"]),
                (view.GetProperty("body").GetString(), view.GetProperty("patientRef").GetString(), view.GetProperty("closeNote").GetString()));
            Assert.Equal(markers["reply"], thread[0].GetProperty("text").GetString());
            Assert.Equal((markers["caller name"], markers["callback number"], markers["answering reason"]),
                (caller.GetProperty("callerName").GetString(), caller.GetProperty("callbackNumber").GetString(), caller.GetProperty("reason").GetString()));
        }
    }

    [Fact]
    public async Task Upgrade_EncryptsAnUnencryptedKeyRingAndPlaintextCloseNotes_InPlace_AtStartUp()
    {
        await _database.MigrateAsync();
        // The key ring as the previous release left it: in the database, unencrypted; and a body it protected.
        string oldBody;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("Escalation")
            .AddKeyManagementOptions(o => o.XmlRepository = new UnencryptedKeyRingInTheDatabase(_database));
        await using (var old = services.BuildServiceProvider())
        {
            oldBody = old.GetRequiredService<IDataProtectionProvider>().CreateProtector(PatientDataPurpose).Protect("old body");
        }

        Assert.Contains(await KeyRingAsync(), key => key.Contains("unencrypted form", StringComparison.Ordinal));
        Guid message;
        await using (var app = new AppHost(_database.Options, settings: TestCertificate.Settings()).Start())
        {
            using var nurse = await HttpClients.SignedInAsync(app, "nurse@demo.local");
            message = await SendAsync(app, "Upgrade", "new body", null);
            Assert.Equal(HttpStatusCode.NoContent, (await nurse.PostAsync($"/api/messages/{message}/ack", null)).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await nurse.PostAsJsonAsync($"/api/messages/{message}/close", new { outcome = "ActionTaken", note = "new note" })).StatusCode);
        }

        // A note closed by the previous release was stored as typed.
        await using (var db = _database.NewContext())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Messages\" SET \"CloseNote\" = 'repeat K+ normal, MRN 31415926'");
        }

        await using (var app = new AppHost(_database.Options, settings: TestCertificate.Settings()).Start())
        {
            using var nurse = await HttpClients.SignedInAsync(app, "nurse@demo.local");
            var view = await nurse.GetFromJsonAsync<JsonElement>($"/api/messages/{message}");
            Assert.Equal("repeat K+ normal, MRN 31415926", view.GetProperty("closeNote").GetString());
            Assert.Equal("old body", app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(PatientDataPurpose).Unprotect(oldBody));
        }

        await using (var db = _database.NewContext())
        {
            var stored = await db.Database.SqlQueryRaw<string>("SELECT \"CloseNote\" AS \"Value\" FROM \"Messages\"").SingleAsync();
            Assert.DoesNotContain("31415926", stored);
        }

        var keyRing = await KeyRingAsync();
        Assert.All(keyRing, key => Assert.DoesNotContain("unencrypted form", key));
        Assert.ThrowsAny<CryptographicException>(() => ProtectorFrom(keyRing).Unprotect(oldBody));
    }

    private static async Task<(Guid Message, Guid Call)> WritePatientDataAsync(AppHost app, string subject, IReadOnlyDictionary<string, string> markers)
    {
        using var nurse = await HttpClients.SignedInAsync(app, "nurse@demo.local");
        var message = await SendAsync(app, subject, markers["body"], markers["patientRef"]);
        Assert.Equal(HttpStatusCode.NoContent, (await nurse.PostAsync($"/api/messages/{message}/ack", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await nurse.PostAsJsonAsync($"/api/messages/{message}/replies", new { text = markers["reply"] })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await nurse.PostAsJsonAsync($"/api/messages/{message}/close", new { outcome = "ActionTaken", note = markers["close note"] })).StatusCode);

        using var service = HttpClients.WithApiKey(app, DemoData.IntegrationKey);
        var answered = await service.PostAsJsonAsync("/api/messages", new
        {
            callerName = markers["caller name"], callbackNumber = markers["callback number"], reason = markers["answering reason"], triageTier = "Urgent", practice = "ED",
        });
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        return (message, (await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    private static async Task<Guid> SendAsync(AppHost app, string subject, string body, string? patientRef)
    {
        using var ehr = HttpClients.WithApiKey(app, DemoData.IntegrationKey);
        using var reader = await HttpClients.SignedInAsync(app, "charge@demo.local");
        var unit = await HttpClients.UnitIdAsync(reader, "ED");
        var sent = await ehr.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject, body, patientRef, unitId = unit, source = "Ehr" });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        return (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>
    /// What somebody who copied the database holds. SQLite: the bytes of the database file and its WAL, taken after
    /// the app stopped. PostgreSQL (no single file to copy): every row of every table, as text, as a dump holds it.
    /// </summary>
    private async Task<DatabaseCopy> CopyOfTheDatabaseAsync()
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var source = new SqliteConnectionStringBuilder(_database.Options.ConnectionString).DataSource;
            var folder = Directory.CreateTempSubdirectory("escalation-stolen-").FullName;
            try
            {
                var copy = Path.Combine(folder, "stolen.db");
                File.Copy(source, copy);
                var bytes = new List<byte>(await File.ReadAllBytesAsync(copy));
                if (File.Exists(source + "-wal"))
                {
                    File.Copy(source + "-wal", copy + "-wal");
                    bytes.AddRange(await File.ReadAllBytesAsync(copy + "-wal"));
                }

                await using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
                await connection.OpenAsync();
                return new DatabaseCopy(Encoding.UTF8.GetString(bytes.ToArray()), await ColumnAsync(connection, "SELECT \"Xml\" FROM \"DataProtectionKeys\""),
                    (await ColumnAsync(connection, "SELECT \"Body\" FROM \"Messages\" WHERE \"Subject\" LIKE 'Probe %'")).Single());
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        await using var db = _database.NewContext();
        var connectionToAll = db.Database.GetDbConnection();
        await connectionToAll.OpenAsync();
        var sqlServer = provider == DatabaseProvider.SqlServer;
        var tables = await ColumnAsync(connectionToAll, sqlServer
            ? "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = SCHEMA_NAME() AND TABLE_TYPE = 'BASE TABLE'"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
        var everything = new StringBuilder();
        foreach (var table in tables)
        {
            // SQL Server has no row-to-text cast: every row of the table as one JSON text, binary columns in base64.
            foreach (var row in await ColumnAsync(connectionToAll, sqlServer ? $"SELECT (SELECT * FROM \"{table}\" FOR JSON PATH)" : $"SELECT CAST(t AS text) FROM \"{table}\" AS t"))
            {
                everything.AppendLine(row);
            }
        }

        return new DatabaseCopy(everything.ToString(), await ColumnAsync(connectionToAll, "SELECT \"Xml\" FROM \"DataProtectionKeys\""),
            (await ColumnAsync(connectionToAll, "SELECT \"Body\" FROM \"Messages\" WHERE \"Subject\" LIKE 'Probe %'")).Single());
    }

    private async Task<IReadOnlyList<string>> KeyRingAsync()
    {
        await using var db = _database.NewContext();
        return await db.Database.SqlQueryRaw<string>("SELECT \"Xml\" AS \"Value\" FROM \"DataProtectionKeys\"").ToListAsync();
    }

    /// <summary>Data protection as anybody can set it up with the key ring read from the database, and nothing else.</summary>
    private static IDataProtector ProtectorFrom(IReadOnlyList<string> keyRing)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("Escalation").DisableAutomaticKeyGeneration()
            .AddKeyManagementOptions(o => o.XmlRepository = new CopiedKeyRing(keyRing));
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector(PatientDataPurpose);
    }

    private static string? TryUnprotect(IDataProtector protector, string ciphertext)
    {
        try
        {
            return protector.Unprotect(ciphertext);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static async Task<IReadOnlyList<string>> ColumnAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    /// <summary>Keys stored the way the previous release stored them: rows of <c>DataProtectionKeys</c>, no key encryptor.</summary>
    private sealed class UnencryptedKeyRingInTheDatabase(TestDatabase database) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var db = database.NewContext();
            return db.Database.SqlQueryRaw<string>("SELECT \"Xml\" AS \"Value\" FROM \"DataProtectionKeys\"").AsEnumerable().Select(XElement.Parse).ToList();
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            using var db = database.NewContext();
            db.Database.ExecuteSql($"INSERT INTO \"DataProtectionKeys\" (\"FriendlyName\", \"Xml\") VALUES ({friendlyName}, {element.ToString(SaveOptions.DisableFormatting)})");
        }
    }

    private sealed record DatabaseCopy(string Everything, IReadOnlyList<string> KeyRing, string Body);

    private sealed class CopiedKeyRing(IReadOnlyList<string> keys) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => keys.Select(k => XElement.Parse(k)).ToList();

        public void StoreElement(XElement element, string friendlyName) => throw new InvalidOperationException("The copied key ring is read only.");
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqlitePatientDataAtRestTests() : PatientDataAtRestTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresPatientDataAtRestTests() : PatientDataAtRestTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerPatientDataAtRestTests() : PatientDataAtRestTests(DatabaseProvider.SqlServer);
