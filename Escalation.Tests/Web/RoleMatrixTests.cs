using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Escalation.Tests.Web;

/// <summary>
/// Every endpoint and page the running app maps (its own <see cref="EndpointDataSource"/>), called by everyone who
/// may knock: nobody, two integration keys and the six demo personas. Each row of <see cref="Expected"/> says what
/// each of them gets; an endpoint without a row fails the test with its name and what it answered, so nobody adds
/// an endpoint without deciding who may call it.
/// </summary>
public abstract partial class RoleMatrixTests(DatabaseProvider provider) : AppTest(provider)
{
    // + allowed: any answer but 401, 403, 404 or a redirect to sign-in or access denied (a 400 for the test's empty
    //   body, a 409 for a message already settled: the caller got past every check of who they are)
    // - refused: 401, 403, or the redirect to sign-in or to access denied
    // 0 hidden: 404 (a message or a thing the caller may not see, or that the test does not seed)
    private static readonly string[] Callers = ["anon", "key1", "key2", "admin", "charge", "nurse", "doctor", "head", "compliance"];

    /// <summary>
    /// The seeded message was posted by key1 as an answering-service call to ED and acknowledged by the nurse, its
    /// layer-1 recipient, so no cell moves it to another layer. {unitId} is Medical Ward, not the charge nurse's unit.
    /// </summary>
    private static readonly Dictionary<string, string> Expected = new()
    {
        //                                                         anon key1 key2 admin charge nurse doctor head compliance
        ["DELETE /api/admin/fhir/routing-rules/{id:guid}"] =      "-    -    -    0     -      -     -      -    -",
        ["DELETE /api/admin/lab-limits/{id:guid}"] =              "-    -    -    0     -      -     -      -    -",
        ["DELETE /api/apikeys/{id:guid}"] =                       "-    -    -    0     -      -     -      -    -",
        ["PUT /api/apikeys/{id:guid}/binding"] =                  "-    -    -    0     -      -     -      -    -",
        ["DELETE /api/roster/overrides/{id:guid}"] =              "-    -    -    0     -      -     -      -    -",
        ["DELETE /api/roster/rotations/{id:guid}"] =              "-    -    -    0     -      -     -      -    -",
        ["GET /_blazor"] =                                        "-    -    -    +     +      +     +      +    +",
        ["GET /_blazor/disconnect"] =                             "-    -    -    +     +      +     +      +    +",
        ["GET /_blazor/initializers"] =                           "-    -    -    +     +      +     +      +    +",
        ["GET /_blazor/negotiate"] =                              "-    -    -    +     +      +     +      +    +",
        ["GET /_framework/opaque-redirect"] =                     "-    -    -    +     +      +     +      +    +",
        ["GET /account/session-expired"] =                        "-    -    -    +     +      +     +      +    +",
        ["GET /api/admin/fhir/routing-rules"] =                   "-    -    -    +     -      -     -      -    -",
        ["GET /api/admin/lab-limits"] =                           "-    -    -    +     -      -     -      -    -",
        ["GET /api/admin/lab-limits/{id:guid}"] =                 "-    -    -    0     -      -     -      -    -",
        ["GET /api/admin/lab-policy"] =                           "-    -    -    +     -      -     -      -    -",
        ["GET /api/apikeys"] =                                    "-    -    -    +     -      -     -      -    -",
        ["GET /api/compliance/exports/{kind}"] =                  "-    -    -    +     -      -     -      -    +",
        ["GET /api/compliance/files/{token:guid}"] =              "-    -    -    0     -      -     -      -    0",
        ["GET /api/compliance/reports"] =                         "-    -    -    +     -      -     -      -    +",
        ["GET /api/compliance/reports/{id:guid}"] =               "-    -    -    0     -      -     -      -    0",
        ["GET /api/ladders"] =                                    "-    -    -    +     -      -     -      -    -",
        ["GET /api/ladders/{familyId:guid}/versions"] =           "-    -    -    +     -      -     -      -    -",
        ["GET /api/me"] =                                         "-    -    -    +     +      +     +      +    +",
        ["GET /api/me/phone"] =                                   "-    -    -    +     +      +     +      +    +",
        ["GET /api/messages"] =                                   "-    -    -    +     +      -     -      -    +",
        ["GET /api/messages/{id:guid}"] =                         "-    +    0    +     +      +     0      0    +", // key1 posted it, key2 did not; the nurse is its recipient
        ["GET /api/messages/{id:guid}/callbacks"] =               "-    -    -    +     +      +     0      0    +",
        ["GET /api/messages/{id:guid}/caller"] =                  "-    +    0    +     +      +     0      0    +",
        ["GET /api/messages/{id:guid}/replies"] =                 "-    -    -    +     +      +     0      0    +",
        ["GET /api/metrics"] =                                    "-    -    -    +     +      -     -      -    +",
        ["GET /api/notices"] =                                    "-    -    -    +     +      +     +      +    +",
        ["GET /api/roster/export.csv"] =                          "-    -    -    +     +      -     -      -    +",
        ["GET /api/roster/gaps"] =                                "-    -    -    +     +      -     -      -    +",
        ["GET /api/roster/sources"] =                             "-    -    -    +     +      -     -      -    +",
        ["GET /api/roster/sources/{id:guid}/imports"] =           "-    -    -    +     +      -     -      -    +",
        ["GET /api/roster/units/{unitId:guid}"] =                 "-    -    -    +     -      -     -      -    +", // issue 13 item 11: Medical Ward is not the charge nurse's unit
        ["GET /api/roster/who"] =                                 "-    -    -    +     -      -     -      -    +", // Medical Ward's charge nurse role
        ["GET /api/tiers"] =                                      "-    -    -    +     -      -     -      -    -",
        ["GET /api/units"] =                                      "-    +    +    +     +      +     +      +    +",
        ["GET /api/units/{id:guid}/practice"] =                   "-    -    -    +     -      -     -      -    -",
        ["GET /fhir/Communication"] =                             "-    +    +    -     -      -     -      -    -",
        ["GET /fhir/Communication/{id}"] =                        "-    0    0    -     -      -     -      -    -",
        ["GET /fhir/metadata"] =                                  "+    +    +    +     +      +     +      +    +",
        ["GET /healthz"] =                                        "+    +    +    +     +      +     +      +    +",
        ["GET /healthz/ready"] =                                  "+    +    +    +     +      +     +      +    +",
        ["GET /openapi/{documentName}.json"] =                    "+    +    +    +     +      +     +      +    +", // anonymous on purpose (MapOpenApi().AllowAnonymous())
        ["GET /{**path:file}"] =                                  "-    -    -    0     0      0     0      0    0",
        ["HEAD /{**path:file}"] =                                 "-    -    -    0     0      0     0      0    0",
        ["PAGE /"] =                                              "-    -    -    +     +      +     +      +    +",
        ["PAGE /account/access-denied"] =                         "-    -    -    -     -      -     -      -    -",
        ["PAGE /account/login"] =                                 "+    +    +    +     +      +     +      +    +",
        ["PAGE /account/phone"] =                                 "-    -    -    +     +      +     +      +    +",
        ["PAGE /admin/api-keys"] =                                "-    -    -    +     -      -     -      -    -",
        ["PAGE /admin/lab-limits"] =                              "-    -    -    +     -      -     -      -    -",
        ["PAGE /admin/ladders"] =                                 "-    -    -    +     -      -     -      -    -",
        ["PAGE /admin/maintenance"] =                             "-    -    -    +     -      -     -      -    -",
        ["PAGE /admin/phones"] =                                  "-    -    -    +     -      -     -      -    -",
        ["PAGE /admin/system"] =                                  "-    -    -    +     -      -     -      -    -",
        ["PAGE /admin/tiers"] =                                   "-    -    -    +     -      -     -      -    -",
        ["PAGE /admin/users"] =                                   "-    -    -    +     -      -     -      -    -",
        ["PAGE /board"] =                                         "-    -    -    +     +      -     -      -    -",
        ["PAGE /compliance"] =                                    "-    -    -    +     -      -     -      -    +",
        ["PAGE /compliance/drills"] =                             "-    -    -    +     -      -     -      -    +",
        ["PAGE /error"] =                                         "+    +    +    +     +      +     +      +    +",
        ["PAGE /inbox"] =                                         "-    -    -    +     +      +     +      +    -", // compliance has no inbox
        ["PAGE /messages/{Id:guid}"] =                            "-    -    -    +     +      +     0      0    +", // 0: the page's "no such message"
        ["PAGE /metrics"] =                                       "-    -    -    +     +      -     -      -    +",
        ["PAGE /not-found"] =                                     "+    +    +    +     +      +     +      +    +",
        ["PAGE /organisation"] =                                  "-    -    -    +     +      +     +      +    +",
        ["PAGE /roster"] =                                        "-    -    -    +     +      -     -      -    -",
        ["POST /api/admin/fhir/routing-rules"] =                  "-    -    -    +     -      -     -      -    -",
        ["POST /api/admin/lab-limits"] =                          "-    -    -    +     -      -     -      -    -",
        ["POST /api/admin/lab-limits/reset-to-defaults"] =        "-    -    -    +     -      -     -      -    -",
        ["POST /api/apikeys"] =                                   "-    -    -    +     -      -     -      -    -",
        ["POST /api/ladders"] =                                   "-    -    -    +     -      -     -      -    -",
        ["POST /api/me/phone/verification"] =                     "-    -    -    +     +      +     +      +    +",
        ["POST /api/me/phone/verification/confirm"] =             "-    -    -    +     +      +     +      +    +",
        ["POST /api/messages"] =                                  "-    +    +    +     +      +     +      +    -",
        ["POST /api/messages/{id:guid}/ack"] =                    "-    -    -    +     +      +     0      0    -", // issue 13 item 2: compliance never changes a message
        ["POST /api/messages/{id:guid}/callback"] =               "-    -    -    +     +      +     0      0    -",
        ["POST /api/messages/{id:guid}/close"] =                  "-    -    -    +     +      +     0      0    -",
        ["POST /api/messages/{id:guid}/escalate"] =               "-    -    -    +     +      -     0      0    -", // the nurse is its recipient but does not act for the unit
        ["POST /api/messages/{id:guid}/read"] =                   "-    -    -    +     +      +     0      0    +",
        ["POST /api/messages/{id:guid}/reassign"] =               "-    -    -    +     +      -     0      0    -", // to the compliance officer: the engine answers 409 not-eligible
        ["POST /api/messages/{id:guid}/replies"] =                "-    -    -    +     +      +     0      0    -", // compliance reads the thread, never writes on it
        ["POST /api/notices/{id:guid}/read"] =                    "-    -    -    0     0      0     0      0    0",
        ["POST /api/roster/backups"] =                            "-    -    -    +     -      -     -      -    -",
        ["POST /api/roster/overrides"] =                          "-    -    -    +     -      -     -      -    -",
        ["POST /api/roster/rotations"] =                          "-    -    -    +     -      -     -      -    -",
        ["POST /api/roster/shifts"] =                             "-    -    -    +     -      -     -      -    -",
        ["POST /api/roster/sources"] =                            "-    -    -    +     -      -     -      -    -",
        ["POST /api/roster/sources/{id:guid}/import"] =           "-    +    -    +     -      -     -      -    -", // a key pushes only to the sources it is bound to; the second key is bound to nothing
        ["POST /api/roster/sources/{id:guid}/pull"] =             "-    -    -    0     -      -     -      -    -",
        ["POST /api/roster/units/{unitId:guid}/roles"] =          "-    -    -    +     -      -     -      -    -",
        ["POST /api/session/activity"] =                          "-    -    -    +     +      +     +      +    +",
        ["POST /fhir"] =                                          "-    +    -    +     +      +     +      +    -",
        ["POST /fhir/DiagnosticReport"] =                         "-    +    -    +     +      +     +      +    -",
        ["POST /fhir/Observation"] =                              "-    +    -    +     +      +     +      +    -",
        ["POST /fhir/notifications"] =                            "-    +    -    +     +      +     +      +    -",
        ["POST /twilio/callback/{id:guid}/answer"] =              "-    -    -    -     -      -     -      -    -",
        ["POST /twilio/callback/{id:guid}/status"] =              "-    -    -    -     -      -     -      -    -",
        ["POST /twilio/sms/inbound"] =                            "-    -    -    -     -      -     -      -    -",
        ["POST /twilio/sms/{pageId:guid}/status"] =               "-    -    -    -     -      -     -      -    -",
        ["POST /twilio/voice/{pageId:guid}"] =                    "-    -    -    -     -      -     -      -    -",
        ["POST /twilio/voice/{pageId:guid}/gather"] =             "-    -    -    -     -      -     -      -    -",
        ["POST /twilio/voice/{pageId:guid}/status"] =             "-    -    -    -     -      -     -      -    -",
        ["PUT /api/admin/fhir/routing-rules/{id:guid}"] =         "-    -    -    +     -      -     -      -    -",
        ["PUT /api/admin/lab-limits/{id:guid}"] =                 "-    -    -    +     -      -     -      -    -",
        ["PUT /api/admin/lab-policy"] =                           "-    -    -    +     -      -     -      -    -",
        ["PUT /api/ladders/{familyId:guid}"] =                    "-    -    -    +     -      -     -      -    -",
        ["PUT /api/roster/people/{userId}/phone"] =               "-    -    -    +     -      -     -      -    -",
        ["PUT /api/roster/rotations/{id:guid}/people"] =          "-    -    -    0     -      -     -      -    -",
        ["PUT /api/roster/sources/{id:guid}"] =                   "-    -    -    +     -      -     -      -    -",
        ["PUT /api/tiers/{tier}"] =                               "-    -    -    +     -      -     -      -    -",
        ["PUT /api/units/{id:guid}/practice"] =                   "-    -    -    +     -      -     -      -    -",
        ["POST /account/logout"] =                                "-    -    -    +     +      +     +      +    +",
    };

    private static readonly Dictionary<string, string> Personas = new()
    {
        ["admin"] = "admin@demo.local", ["charge"] = "charge@demo.local", ["nurse"] = "nurse@demo.local",
        ["doctor"] = "doctor@demo.local", ["head"] = "head@demo.local", ["compliance"] = "compliance@demo.local",
    };

    private readonly Dictionary<string, HttpClient> _clients = [];
    private Guid _message;
    private Guid _medical;
    private Guid _emergency;
    private Guid _source;
    private Guid _criticalFamily;
    private Guid _medicalCharge;
    private string _nurse = string.Empty;
    private string _compliance = string.Empty;

    protected override async Task StartedAsync()
    {
        await using (var db = Database.NewContext())
        {
            _emergency = (await db.Units.SingleAsync(u => u.Code == "ED")).Id.Value;
            var medical = await db.Units.Include(u => u.Roles).SingleAsync(u => u.Code == "MED");
            _medical = medical.Id.Value;
            _medicalCharge = medical.Roles.Single(r => r.Kind == Escalation.Domain.Organisation.ClinicalRoleKind.ChargeNurse).Id.Value;
            _source = (await db.ScheduleSources.SingleAsync(s => s.Name == DemoData.ScheduleSourceName)).Id;
            _criticalFamily = (await db.Ladders.FirstAsync(l => l.IsCurrent && l.Name == "Critical")).FamilyId;
            _nurse = await db.Users.Where(u => u.Email == "nurse@demo.local").Select(u => u.Id).SingleAsync();
            _compliance = await db.Users.Where(u => u.Email == "compliance@demo.local").Select(u => u.Id).SingleAsync();
        }

        _clients["anon"] = NewClient(null);
        _clients["key1"] = NewClient(DemoData.IntegrationKey);
        foreach (var (name, email) in Personas)
        {
            _clients[name] = await HttpClients.SignedInAsync(App, email);
        }

        var issued = await _clients["admin"].PostAsJsonAsync("/api/apikeys", new { name = "Role matrix second key", sourceName = "Second EHR" });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        _clients["key2"] = NewClient((await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString());

        var sent = await _clients["key1"].PostAsJsonAsync("/api/messages", new
        {
            callerName = "Jane Roe", callbackNumber = "+15555550199", reason = "Chest pain", triageTier = "Urgent", practice = "ED", externalId = "matrix-1",
        });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        _message = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await _clients["nurse"].PostAsync($"/api/messages/{_message}/ack", null)).StatusCode);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

    }

    [Fact]
    public async Task EveryEndpointAndPage_AnswersEachCaller_AsTheTableSays()
    {
        var routes = Routes();
        var problems = new List<string>();
        var serverErrors = new List<string>();
        foreach (var route in routes)
        {
            var cells = new List<char>();
            foreach (var caller in Callers)
            {
                var (cell, status) = await CallAsync(_clients[caller], route);
                cells.Add(cell);
                if (status >= 500)
                {
                    serverErrors.Add($"{route} as {caller}: {status}");
                }
            }

            var observed = string.Join("    ", cells);
            if (!Expected.TryGetValue(route, out var expected))
            {
                problems.Add($"no row for {route}: it answered {observed}");
            }
            else if (Normalise(expected) != new string([.. cells]))
            {
                problems.Add($"{route}: expected {expected}, answered {observed}");
            }
        }

        problems.AddRange(Expected.Keys.Except(routes).Select(r => $"a row for {r}, which the app no longer maps"));
        Assert.True(serverErrors.Count == 0, "Server errors:\n" + string.Join("\n", serverErrors));
        Assert.True(problems.Count == 0, $"Columns: {string.Join(" ", Callers)}\n" + string.Join("\n", problems));
    }

    /// <summary>
    /// "METHOD /pattern" for every endpoint, "PAGE /route" for every Razor page. Static files are left out: they are
    /// the stylesheets and scripts every visitor needs before signing in, mapped anonymous on purpose.
    /// </summary>
    private List<string> Routes()
    {
        var all = (CompositeEndpointDataSource)App.Services.GetRequiredService<EndpointDataSource>();
        var routes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var source in all.DataSources.Where(s => s.GetType().Name != "StaticAssetsEndpointDataSource"))
        {
            foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
            {
                var pattern = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).Trim('/');
                if (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
                {
                    routes.Add($"PAGE {pattern}");
                    continue;
                }

                foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                {
                    routes.Add($"{method} {pattern}");
                }
            }
        }

        // Signing out last, should it ever work without the form's token, so it cannot sign out later cells.
        return [.. routes.OrderBy(r => r.StartsWith("POST /account/logout", StringComparison.Ordinal)).ThenBy(r => r, StringComparer.Ordinal)];
    }

    private async Task<(char Cell, int Status)> CallAsync(HttpClient client, string route)
    {
        var space = route.IndexOf(' ');
        var method = route[..space] == "PAGE" ? "GET" : route[..space];
        var pattern = route[(space + 1)..];
        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(pattern) + Query(route));
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = Body(route, pattern);
        }

        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.OriginalString ?? string.Empty;
        var cell = status switch
        {
            401 or 403 => '-',
            404 => '0',
            >= 300 and < 400 when location.Contains("/account/login", StringComparison.OrdinalIgnoreCase)
                || location.Contains("/account/access-denied", StringComparison.OrdinalIgnoreCase) => '-',
            200 when route.StartsWith("PAGE ", StringComparison.Ordinal) && (await response.Content.ReadAsStringAsync()).Contains("data-testid=\"message-not-found\"") => '0',
            _ => '+',
        };
        return (cell, status);
    }

    /// <summary>Real ids of seeded data where the test has them; a fresh guid otherwise (an allowed caller then gets 404).</summary>
    private string Fill(string pattern) => RouteParameter().Replace(pattern, m => (m.Groups["name"].Value, pattern) switch
    {
        ("id" or "Id", _) when pattern.StartsWith("/api/messages/", StringComparison.Ordinal) || pattern.StartsWith("/messages/", StringComparison.Ordinal) => _message.ToString(),
        ("id", _) when pattern.StartsWith("/api/units/", StringComparison.Ordinal) => _emergency.ToString(),
        ("id", _) when pattern.StartsWith("/api/roster/sources/", StringComparison.Ordinal) => _source.ToString(),
        ("unitId", _) => _medical.ToString(),
        ("familyId", _) => _criticalFamily.ToString(),
        ("userId", _) => _nurse,
        ("tier", _) => "Routine",
        ("documentName", _) => "v1",
        ("kind", _) => "messages",
        _ when m.Groups["constraint"].Value.Contains("guid", StringComparison.OrdinalIgnoreCase) => Guid.NewGuid().ToString(),
        _ => "unknown",
    });

    /// <summary>Query parameters an endpoint needs before it asks who is calling about what.</summary>
    private string Query(string route) => route switch
    {
        "GET /api/roster/who" => $"?unitId={_medical}&roleId={_medicalCharge}",
        _ => string.Empty,
    };

    /// <summary>
    /// An empty body: refused callers are refused before it is read, allowed ones get a 400 and change nothing. The
    /// few rows that need a real body get one that leaves the seeded message where it is for the later cells.
    /// </summary>
    private HttpContent Body(string route, string pattern) => route switch
    {
        "POST /api/messages/{id:guid}/close" => JsonContent.Create(new { outcome = "ActionTaken", note = "role matrix" }),
        // The probe's reassign (issue 13, item 2): to the compliance officer, whom the engine never accepts.
        "POST /api/messages/{id:guid}/reassign" => JsonContent.Create(new { userId = _compliance }),
        _ when pattern.StartsWith("/api/", StringComparison.Ordinal) => new StringContent("{}", Encoding.UTF8, "application/json"),
        _ when pattern.StartsWith("/fhir", StringComparison.Ordinal) => new StringContent("{}", Encoding.UTF8, "application/fhir+json"),
        _ => new FormUrlEncodedContent([]),
    };

    private HttpClient NewClient(string? key)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(App.BaseUrl) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        }

        return client;
    }

    private static string Normalise(string row) => row.Replace(" ", string.Empty, StringComparison.Ordinal);

    [GeneratedRegex(@"\{\*{0,2}(?<name>\w+)(?<constraint>[^}]*)\}")]
    private static partial Regex RouteParameter();
}

[Trait("Category", "Sqlite")]
public sealed class SqliteRoleMatrixTests() : RoleMatrixTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresRoleMatrixTests() : RoleMatrixTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerRoleMatrixTests() : RoleMatrixTests(DatabaseProvider.SqlServer);
