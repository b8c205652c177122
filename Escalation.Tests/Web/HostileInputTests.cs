using System.Net.Http.Headers;
using Escalation.Infrastructure.Answering;
using Escalation.Infrastructure.Fhir.Lifecycle;
using Escalation.Tests.Fhir;

namespace Escalation.Tests.Web;

/// <summary>
/// Hostile input at every door integrations use: POST /api/messages (people's messages and answering-service calls),
/// /fhir and roster imports. Each case states the answer, the reason it carries, and that nothing was stored.
/// </summary>
public abstract class HostileInputTests(HostileInputApp fixture)
{
    private const string Message = """{"tier":"Critical","subject":"K+ 6.9","unitId":"UNIT","source":"Ehr"}""";
    private const string Call = """{"callerName":"Jane Roe","callbackNumber":"+15555550199","triageTier":"Urgent","practice":"ED"}""";
    private const string Shifts = "role,person,start,end\nCharge Nurse,Casey Rivera,2026-11-03 07:00,2026-11-03 19:00\n";

    /// <summary>Where a case is sent, what it sends, and what it must hear back: the status and the field or words of the reason.</summary>
    public sealed record HostileCase(Door Door, Func<string> Body, HttpStatusCode Status, string Reason, string? Field = null, string ContentType = "application/json", bool Chunked = false);

    public enum Door
    {
        Messages,
        Fhir,
        Import,
        ImportNamed,
        CookieCrossSite,
        CookieNoHeader,
    }

    private static string Set(string json, string field, string rawValue) =>
        json.Contains($"\"{field}\":", StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Replace(json, $"\"{field}\":(\"[^\"]*\"|[^,}}]+)", $"\"{field}\":{rawValue}")
            : json.Insert(json.Length - 1, $",\"{field}\":{rawValue}");

    private static string Str(string value) => JsonSerializer.Serialize(value);

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth));

    private static string Potassium(Func<string, string> change) => change(Encoding.UTF8.GetString(FhirCorpus.Bytes("ours-potassium-6.8-hh.json")));

    public static IReadOnlyDictionary<string, HostileCase> Cases { get; } = new Dictionary<string, HostileCase>
    {
        // Control characters in single-line fields of a message.
        ["message subject NUL"] = new(Door.Messages, () => Set(Message, "subject", Str("K+\u0000 6.9")), HttpStatusCode.BadRequest, "control character", "subject"),
        ["message subject ESC"] = new(Door.Messages, () => Set(Message, "subject", Str("\u001b[31mK+")), HttpStatusCode.BadRequest, "control character", "subject"),
        ["message subject newline"] = new(Door.Messages, () => Set(Message, "subject", Str("K+\nBed 4")), HttpStatusCode.BadRequest, "control character", "subject"),
        ["message subject tab"] = new(Door.Messages, () => Set(Message, "subject", Str("K+\t6.9")), HttpStatusCode.BadRequest, "control character", "subject"),
        ["message subject DEL"] = new(Door.Messages, () => Set(Message, "subject", Str("K+\u007f")), HttpStatusCode.BadRequest, "control character", "subject"),
        ["message subject C1 NEL"] = new(Door.Messages, () => Set(Message, "subject", Str("K+\u0085")), HttpStatusCode.BadRequest, "control character", "subject"),
        ["message subject bidi override"] = new(Door.Messages, () => Set(Message, "subject", Str("K+ \u202e9.6")), HttpStatusCode.BadRequest, "control character", "subject"),
        ["message subject lone surrogate"] = new(Door.Messages, () => Set(Message, "subject", "\"K+ \\ud800\""), HttpStatusCode.BadRequest, "subject", "subject"),
        ["message externalId NUL"] = new(Door.Messages, () => Set(Message, "externalId", Str("obs\u00001")), HttpStatusCode.BadRequest, "control character", "externalId"),
        ["message patientRef NUL"] = new(Door.Messages, () => Set(Message, "patientRef", Str("MRN\u0000123")), HttpStatusCode.BadRequest, "control character", "patientRef"),
        ["message patientRef newline"] = new(Door.Messages, () => Set(Message, "patientRef", Str("MRN 123\r\nX-Injected: 1")), HttpStatusCode.BadRequest, "control character", "patientRef"),
        ["message body NUL"] = new(Door.Messages, () => Set(Message, "body", Str("K+ 6.9\u0000")), HttpStatusCode.BadRequest, "control character", "body"),
        ["message body ESC"] = new(Door.Messages, () => Set(Message, "body", Str("line 1\n\u001b]0;owned\u0007")), HttpStatusCode.BadRequest, "control character", "body"),
        ["message source NUL"] = new(Door.Messages, () => Set(Message, "source", Str("Ehr\u0000")), HttpStatusCode.BadRequest, "control character", "source"),
        ["message tier NUL"] = new(Door.Messages, () => Set(Message, "tier", Str("Critical\u0000")), HttpStatusCode.BadRequest, "control character", "tier"),

        // Length limits.
        ["message subject 201 characters"] = new(Door.Messages, () => Set(Message, "subject", Str(new string('s', 201))), HttpStatusCode.BadRequest, "at most 200", "subject"),
        ["message patientRef 101 characters"] = new(Door.Messages, () => Set(Message, "patientRef", Str(new string('7', 101))), HttpStatusCode.BadRequest, "at most 100", "patientRef"),
        ["message patientRef 300 KiB"] = new(Door.Messages, () => Set(Message, "patientRef", Str(new string('7', 300 * 1024))), HttpStatusCode.BadRequest, "at most 100", "patientRef"),
        ["message body 10,001 characters"] = new(Door.Messages, () => Set(Message, "body", Str(new string('b', 10_001))), HttpStatusCode.BadRequest, "at most 10,000", "body"),
        ["message externalId 5,000 characters"] = new(Door.Messages, () => Set(Message, "externalId", Str(new string('e', 5_000))), HttpStatusCode.BadRequest, "at most 200", "externalId"),
        ["message tier 300 characters"] = new(Door.Messages, () => Set(Message, "tier", Str(new string('C', 300))), HttpStatusCode.BadRequest, "at most 200", "tier"),

        // Duplicate properties: no reader may pick "the last one".
        ["message duplicate tier"] = new(Door.Messages, () => Message.Insert(1, "\"tier\":\"Routine\","), HttpStatusCode.BadRequest, "more than once", "tier"),
        ["message duplicate subject"] = new(Door.Messages, () => Message.Insert(1, "\"subject\":\"decoy\","), HttpStatusCode.BadRequest, "more than once", "subject"),
        ["message duplicate unitId"] = new(Door.Messages, () => Message.Insert(1, "\"unitId\":\"00000000-0000-0000-0000-000000000001\","), HttpStatusCode.BadRequest, "more than once", "unitId"),
        ["message duplicate tier in another case"] = new(Door.Messages, () => Message.Insert(1, "\"Tier\":\"Routine\","), HttpStatusCode.BadRequest, "more than once"),

        // Wrong types.
        ["message tier a number"] = new(Door.Messages, () => Set(Message, "tier", "5"), HttpStatusCode.BadRequest, "string", "tier"),
        ["message subject an object"] = new(Door.Messages, () => Set(Message, "subject", """{"a":1}"""), HttpStatusCode.BadRequest, "string", "subject"),
        ["message subject an array"] = new(Door.Messages, () => Set(Message, "subject", """["x"]"""), HttpStatusCode.BadRequest, "string", "subject"),
        ["message unitId not a guid"] = new(Door.Messages, () => Set(Message, "unitId", Str("ED")), HttpStatusCode.BadRequest, "wrong type", "unitId"),
        ["message unitId a number"] = new(Door.Messages, () => Set(Message, "unitId", "42"), HttpStatusCode.BadRequest, "wrong type", "unitId"),
        ["message broadcast a string"] = new(Door.Messages, () => Set(Message, "broadcast", Str("yes")), HttpStatusCode.BadRequest, "wrong type", "broadcast"),
        ["message roleId true"] = new(Door.Messages, () => Set(Message, "roleId", "true"), HttpStatusCode.BadRequest, "wrong type", "roleId"),

        // Unknown enum values.
        ["message tier unknown"] = new(Door.Messages, () => Set(Message, "tier", Str("Apocalyptic")), HttpStatusCode.BadRequest, "Critical, Urgent, Routine", "tier"),
        ["message tier as its number"] = new(Door.Messages, () => Set(Message, "tier", Str("0")), HttpStatusCode.BadRequest, "Critical, Urgent, Routine", "tier"),
        ["message tier two names"] = new(Door.Messages, () => Set(Message, "tier", Str("Critical,Urgent")), HttpStatusCode.BadRequest, "Critical, Urgent, Routine", "tier"),
        ["message source unknown"] = new(Door.Messages, () => Set(Message, "source", Str("Hacker")), HttpStatusCode.BadRequest, "source is one of", "source"),

        // Malformed and deep JSON.
        ["message nested 100 deep in an unknown property"] = new(Door.Messages, () => Set(Message, "extra", Nested(100)), HttpStatusCode.BadRequest, "nested too deeply", "extra"),
        ["message nested 1,000 deep in the subject"] = new(Door.Messages, () => Set(Message, "subject", Nested(1_000)), HttpStatusCode.BadRequest, "subject", "subject"),
        ["message not JSON"] = new(Door.Messages, () => "{not json", HttpStatusCode.BadRequest, "valid JSON object", "json"),
        ["message truncated JSON"] = new(Door.Messages, () => """{"tier":"Critical","subject":""", HttpStatusCode.BadRequest, "not valid"),
        ["message an array, not an object"] = new(Door.Messages, () => "[]", HttpStatusCode.BadRequest, "valid JSON object", "json"),
        ["message empty body"] = new(Door.Messages, () => "", HttpStatusCode.BadRequest, "required", "json"),
        ["message null body"] = new(Door.Messages, () => "null", HttpStatusCode.BadRequest, "required", "json"),

        // Oversize bodies and the wrong media type.
        ["message 2 MiB body"] = new(Door.Messages, () => Set(Message, "body", Str(new string('b', 2 * 1024 * 1024))), HttpStatusCode.RequestEntityTooLarge, "too large"),
        ["message 2 MiB chunked body"] = new(Door.Messages, () => Set(Message, "body", Str(new string('b', 2 * 1024 * 1024))), HttpStatusCode.RequestEntityTooLarge, "too large", Chunked: true),
        ["message as text/plain"] = new(Door.Messages, () => Message, HttpStatusCode.UnsupportedMediaType, "application/json", ContentType: "text/plain"),
        ["message as a form"] = new(Door.Messages, () => "tier=Critical&subject=x", HttpStatusCode.UnsupportedMediaType, "application/json", ContentType: "application/x-www-form-urlencoded"),
        ["message as multipart"] = new(Door.Messages, () => Message, HttpStatusCode.UnsupportedMediaType, "application/json", ContentType: "multipart/form-data; boundary=x"),
        ["message as XML"] = new(Door.Messages, () => "<tier>Critical</tier>", HttpStatusCode.UnsupportedMediaType, "application/json", ContentType: "application/xml"),
        ["message without a Content-Type"] = new(Door.Messages, () => Message, HttpStatusCode.UnsupportedMediaType, "application/json", ContentType: ""),

        // Cross-site writes with a person's cookie.
        ["message with the cookie from another site"] = new(Door.CookieCrossSite, () => Set(Message, "source", "null"), HttpStatusCode.Forbidden, "cross-site-request"),
        ["message with the cookie, no custom header"] = new(Door.CookieNoHeader, () => Set(Message, "source", "null"), HttpStatusCode.Forbidden, "cross-site-request"),

        // Answering-service intake.
        ["call callerName NUL"] = new(Door.Messages, () => Set(Call, "callerName", Str("Jane\u0000Roe")), HttpStatusCode.BadRequest, "control character", "callerName"),
        ["call callerName newline"] = new(Door.Messages, () => Set(Call, "callerName", Str("Jane\nRoe")), HttpStatusCode.BadRequest, "control character", "callerName"),
        ["call callerName 201 characters"] = new(Door.Messages, () => Set(Call, "callerName", Str(new string('J', 201))), HttpStatusCode.BadRequest, "at most 200", "callerName"),
        ["call callbackNumber NUL"] = new(Door.Messages, () => Set(Call, "callbackNumber", Str("+1555555\u00000199")), HttpStatusCode.BadRequest, "control character", "callbackNumber"),
        ["call reason NUL"] = new(Door.Messages, () => Set(Call, "reason", Str("Chest pain\u0000")), HttpStatusCode.BadRequest, "control character", "reason"),
        ["call reason ESC"] = new(Door.Messages, () => Set(Call, "reason", Str("Chest pain\u001b[2J")), HttpStatusCode.BadRequest, "control character", "reason"),
        ["call reason 2,001 characters"] = new(Door.Messages, () => Set(Call, "reason", Str(new string('r', 2_001))), HttpStatusCode.BadRequest, "at most 2,000", "reason"),
        ["call practice NUL"] = new(Door.Messages, () => Set(Call, "practice", Str("ED\u0000")), HttpStatusCode.BadRequest, "control character", "practice"),
        ["call practice 1,000 characters"] = new(Door.Messages, () => Set(Call, "practice", Str(new string('P', 1_000))), HttpStatusCode.BadRequest, "at most 200", "practice"),
        ["call triageTier unknown"] = new(Door.Messages, () => Set(Call, "triageTier", Str("Whenever")), HttpStatusCode.BadRequest, "Critical, Urgent, Routine", "triageTier"),
        ["call triageTier as its number"] = new(Door.Messages, () => Set(Call, "triageTier", Str("1")), HttpStatusCode.BadRequest, "Critical, Urgent, Routine", "triageTier"),
        ["call triageTier a number"] = new(Door.Messages, () => Set(Call, "triageTier", "1"), HttpStatusCode.BadRequest, "string", "triageTier"),
        ["call duplicate callerName"] = new(Door.Messages, () => Call.Insert(1, "\"callerName\":\"Decoy\","), HttpStatusCode.BadRequest, "more than once", "callerName"),
        ["call duplicate triageTier"] = new(Door.Messages, () => Call.Insert(1, "\"triageTier\":\"Routine\","), HttpStatusCode.BadRequest, "more than once", "triageTier"),

        // FHIR lab results.
        ["fhir NUL in the LOINC code"] = new(Door.Fhir, () => Potassium(j => j.Replace("\"2823-3\"", "\"2823-3\\u0000\"")), HttpStatusCode.BadRequest, "control character"),
        ["fhir newline in the LOINC code"] = new(Door.Fhir, () => Potassium(j => j.Replace("\"2823-3\"", "\"2823-3\\n\"")), HttpStatusCode.BadRequest, "control character"),
        ["fhir ESC in the code text"] = new(Door.Fhir, () => Potassium(j => j.Replace("\"text\": \"Potassium\"", "\"text\": \"Potassium\\u001b[8m\"")), HttpStatusCode.BadRequest, "control character"),
        ["fhir NUL in the subject reference"] = new(Door.Fhir, () => Potassium(j => j.Replace("\"#pat\"", "\"#pat\\u0000\"")), HttpStatusCode.BadRequest, "control character"),
        ["fhir NUL in the patient's name"] = new(Door.Fhir, () => Potassium(j => j.Replace("\"Doe\"", "\"Do\\u0000e\"")), HttpStatusCode.BadRequest, "control character"),
        ["fhir code of 300 characters"] = new(Door.Fhir, () => Potassium(j => j.Replace("\"2823-3\"", Str(new string('9', 300)))), HttpStatusCode.BadRequest, "at most 256"),
        ["fhir duplicate status"] = new(Door.Fhir, () => Potassium(j => j.Replace("\"status\": \"final\",", "\"status\": \"cancelled\",\"status\": \"final\",")), HttpStatusCode.BadRequest, "twice"),
        ["fhir nested 100 deep"] = new(Door.Fhir, () => Potassium(j => j.Replace("\"status\": \"final\",", $"\"status\": \"final\",\"extension\": {Nested(100)},")), HttpStatusCode.RequestEntityTooLarge, "deeper than 64"),
        ["fhir not JSON"] = new(Door.Fhir, () => "{\"resourceType\":", HttpStatusCode.BadRequest, "not valid JSON"),
        ["fhir a Patient at the Observation endpoint"] = new(Door.Fhir, () => """{"resourceType":"Patient","id":"p"}""", HttpStatusCode.BadRequest, "takes a Observation"),
        ["fhir as text/plain"] = new(Door.Fhir, () => Potassium(j => j), HttpStatusCode.UnsupportedMediaType, "Send application/fhir", ContentType: "text/plain"),

        // Roster imports.
        ["import NUL in a name"] = new(Door.Import, () => Shifts.Replace("Casey Rivera", "Casey\u0000Rivera"), HttpStatusCode.UnprocessableEntity, "import-rejected"),
        ["import ESC in a role"] = new(Door.Import, () => Shifts.Replace("Charge Nurse", "Charge\u001b Nurse"), HttpStatusCode.UnprocessableEntity, "control character"),
        ["import form feed"] = new(Door.Import, () => Shifts + "\f", HttpStatusCode.UnprocessableEntity, "control character"),
        ["import not UTF-8"] = new(Door.Import, () => "bytes below", HttpStatusCode.UnprocessableEntity, "not text", ContentType: "application/octet-stream"),
        ["import empty file"] = new(Door.Import, () => "", HttpStatusCode.UnprocessableEntity, "no shifts", ContentType: "text/csv"),
        ["import 6 MiB file"] = new(Door.Import, () => Shifts + new string('#', 6 * 1024 * 1024), HttpStatusCode.RequestEntityTooLarge, "at most 5 MB", ContentType: "text/csv"),
        ["import fileName NUL"] = new(Door.ImportNamed, () => Shifts, HttpStatusCode.BadRequest, "control character", "fileName", ContentType: "week\u0000.csv"),
        ["import fileName 300 characters"] = new(Door.ImportNamed, () => Shifts, HttpStatusCode.BadRequest, "at most 200", "fileName", ContentType: new string('w', 300)),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task HostileInput_IsRefusedWithItsReason_AndNothingIsStored(string name)
    {
        var hostile = Cases[name];
        var before = await fixture.CountsAsync();

        using var response = await SendAsync(hostile);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(hostile.Status == response.StatusCode, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Contains(hostile.Reason, text, StringComparison.Ordinal);
        if (hostile.Field is { } field)
        {
            Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{name}: no error for {field}: {text}");
        }

        Assert.Equal(before, await fixture.CountsAsync());
    }

    private async Task<HttpResponseMessage> SendAsync(HostileCase hostile)
    {
        var app = fixture.App;
        var body = hostile.Body().Replace("UNIT", fixture.Emergency.ToString());
        var bytes = hostile.Door == Door.Import && hostile.ContentType == "application/octet-stream" ? [0xc3, 0x28, 0xa0, 0xa1] : Encoding.UTF8.GetBytes(body);
        HttpContent content = hostile.Chunked ? new StreamContent(new ChunkedOnly(bytes)) : new ByteArrayContent(bytes);
        var mediaType = hostile.Door == Door.ImportNamed ? "text/csv" : hostile.ContentType;
        if (mediaType.Length > 0)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, hostile.Door switch
        {
            Door.Fhir => "/fhir/Observation",
            Door.Import => $"/api/roster/sources/{fixture.Source}/import?fileName=week.csv",
            Door.ImportNamed => $"/api/roster/sources/{fixture.Source}/import?fileName={Uri.EscapeDataString(hostile.ContentType)}",
            _ => "/api/messages",
        }) { Content = content };
        if (hostile.Door is Door.CookieCrossSite or Door.CookieNoHeader)
        {
            using var browser = HttpClients.WithCookies(app.BaseUrl, fixture.DoctorCookies, sameOrigin: false);
            request.Headers.Add("Origin", hostile.Door == Door.CookieCrossSite ? "https://evil.example" : app.BaseUrl);
            return await browser.SendAsync(request);
        }

        using var integration = HttpClients.WithApiKey(app, DemoData.IntegrationKey);
        return await integration.SendAsync(request);
    }

    /// <summary>A stream whose length is unknown, so the body goes chunked (no Content-Length to refuse it by).</summary>
    private sealed class ChunkedOnly(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

/// <summary>The demo app shared by every case of a class: the cases run one after another and compare counts.</summary>
public abstract class HostileInputApp(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = default!;

    public AppHost App { get; private set; } = default!;

    public Guid Emergency { get; private set; }

    public Guid Source { get; private set; }

    public System.Net.CookieContainer DoctorCookies { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        App = new AppHost(_database.Options).Start();
        Emergency = await _database.UnitIdAsync("ED");
        await using var db = _database.NewContext();
        Source = (await db.ScheduleSources.SingleAsync(s => s.Name == DemoData.ScheduleSourceName)).Id;
        DoctorCookies = await HttpClients.SignInAsync(App.BaseUrl, "doctor@demo.local");
    }

    /// <summary>Messages, answering-service calls, lab results and roster shifts: what a hostile request could have stored.</summary>
    public async Task<(int Messages, int Calls, int LabResults, int Shifts)> CountsAsync()
    {
        await using var db = _database.NewContext();
        return (await db.Messages.CountAsync(), await db.Set<AnsweringServiceCall>().CountAsync(), await db.Set<LabResultRecord>().CountAsync(), await db.RoleAssignments.CountAsync());
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await _database.DisposeAsync();
    }
}

public sealed class SqliteHostileInputApp() : HostileInputApp(DatabaseProvider.Sqlite);

public sealed class PostgresHostileInputApp() : HostileInputApp(DatabaseProvider.Postgres);

public sealed class SqlServerHostileInputApp() : HostileInputApp(DatabaseProvider.SqlServer);

[Trait("Category", "Sqlite")]
public sealed class SqliteHostileInputTests(SqliteHostileInputApp fixture) : HostileInputTests(fixture), IClassFixture<SqliteHostileInputApp>;

[Trait("Category", "Postgres")]
public sealed class PostgresHostileInputTests(PostgresHostileInputApp fixture) : HostileInputTests(fixture), IClassFixture<PostgresHostileInputApp>;

[Trait("Category", "SqlServer")]
public sealed class SqlServerHostileInputTests(SqlServerHostileInputApp fixture) : HostileInputTests(fixture), IClassFixture<SqlServerHostileInputApp>;
